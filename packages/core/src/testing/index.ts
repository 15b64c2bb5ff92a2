// `@attune/core/testing`: what plugin and backend authors test against.
export { makeConformanceFixture, runBackendConformance, type ConformanceFixture, type ConformanceCheck } from './backend-conformance.js';
