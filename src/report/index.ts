export { renderReport, SUITE_PARTIALS, type RenderOptions } from './render.js';
export { writeReport, readResult } from './write.js';
