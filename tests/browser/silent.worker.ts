/** Test-only worker that starts but never answers a message: a hung trial worker. */
export {};
