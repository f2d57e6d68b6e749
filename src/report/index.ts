export { renderReport, renderSuiteSection, SUITE_PARTIALS, type RenderOptions } from './render.js';
export { breakdownSpec } from './suite-chart.js';
export { writeReport, readResult } from './write.js';
export { asset, safe, template } from './templates.js';
