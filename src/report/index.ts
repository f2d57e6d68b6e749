export { renderReport, renderSuiteSection, SUITE_PARTIALS, type RenderOptions } from './render.js';
export { breakdownSpec } from './suite-chart.js';
export { writeReport, readResult } from './write.js';
export { asset, safe, template } from './templates.js';
export { diverging, hasMapKeys, renderChoropleth, type ChoroplethMap } from './choropleth.js';
export { escapeXml, jsonForScript } from './sanitize.js';
export { renderDataSection, dataSentences } from './data-section.js';
