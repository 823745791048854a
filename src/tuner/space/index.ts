export * from './types';
export { validateSpace, validateParams, checkValue } from './validate';
export { encodeParams, decodeParams, encodeValue, decodeValue, paramNames, paramsKey, intCount, spaceSize, enumerateSpace } from './encode';
