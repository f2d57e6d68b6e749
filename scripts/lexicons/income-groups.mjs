/**
 * World Bank income groups, fiscal year 2026 (1 July 2025 - 30 June 2026; 2024 Atlas GNI per capita).
 *
 * The World Bank publishes the full table only as a spreadsheet (CLASS.xlsx), which we could not read here.
 * So the table is rebuilt from a full list we could read plus the published year-on-year changes:
 *
 *   base    FY2023 (1 July 2022) as mirrored by the wbopendata Stata package, file
 *           src/w/wbopendata_incomelevel.sthlp "Income Level (as of 24jan2023)" (jpazvd/wbopendata).
 *   FY2024  changes checked against a full FY2024 list (a script citing the World Bank help desk, accessed
 *           2023-08-09) and the World Bank FY2024 list excerpt; Guyana is high income from FY2024 (that
 *           script still has it upper-middle; the World Bank group counts 26/54/54/83 for FY2024 and
 *           26/51/54/86 for FY2025 only add up with Guyana high).
 *   FY2025  World Bank data blog, 1 July 2024.
 *   FY2026  World Bank data blog, 1 July 2025 ("Understanding country income: World Bank Group income
 *           classifications for FY26"): Costa Rica to high; Cabo Verde and Samoa to upper-middle; Namibia
 *           down to lower-middle. Counts: 25 low, 50 lower-middle, 54 upper-middle, 87 high.
 *
 * The FY2026 count of low-income economies (25) is one fewer than FY2025 (26) with no low-income economy
 * reported as moving up, so one was left unclassified. We believe it is Ethiopia (temporarily unclassified
 * after its 2024 exchange-rate reform) but could not confirm it, so Ethiopia is null, not "low".
 * Venezuela has been unclassified since FY2022 (null).
 *
 * Keys are World Bank economy codes (ISO alpha-3, except XKX Kosovo and CHI Channel Islands).
 */

export const INCOME_YEAR = 'FY2026';

const FY2023 = {
  high: `AND ATG ABW AUS AUT BHS BHR BRB BEL BMU VGB BRN CAN CYM CHI CHL HRV CUW CYP CZE DNK EST FRO FIN FRA PYF
    DEU GIB GRC GRL GUM HKG HUN ISL IRL IMN ISR ITA JPN KOR KWT LVA LIE LTU LUX MAC MLT MCO NRU NLD NCL NZL MNP
    NOR OMN PAN POL PRT PRI QAT ROU SMR SAU SYC SGP SXM SVK SVN ESP KNA MAF SWE CHE TWN TTO TCA ARE GBR USA URY VIR`,
  low: `AFG BFA BDI CAF TCD COD ERI ETH GMB GIN GNB PRK LBR MDG MWI MLI MOZ NER RWA SLE SOM SSD SDN SYR TGO UGA
    YEM ZMB`,
  'lower-middle': `DZA AGO BGD BEN BTN BOL CPV KHM CMR COM COG CIV DJI EGY SLV SWZ GHA HTI HND IND IDN IRN KEN KIR KGZ
    LAO LBN LSO MRT FSM MNG MAR MMR NPL NIC NGA PAK PNG PHL WSM STP SEN SLB LKA TJK TZA TLS TUN UKR UZB VUT VNM
    PSE ZWE`,
  'upper-middle': `ALB ASM ARG ARM AZE BLR BLZ BIH BWA BRA BGR CHN COL CRI CUB DMA DOM ECU GNQ FJI GAB GEO GRD GTM GUY
    IRQ JAM JOR KAZ XKX LBY MYS MDV MHL MUS MEX MDA MNE NAM MKD PLW PRY PER RUS SRB ZAF LCA VCT SUR THA TON TUR
    TKM TUV`,
};

/** [fiscal year, economy code, new group or null for unclassified] in the order they happened. */
const CHANGES = [
  ['FY2024', 'ASM', 'high'],
  ['FY2024', 'GUY', 'high'],
  ['FY2024', 'GIN', 'lower-middle'],
  ['FY2024', 'ZMB', 'lower-middle'],
  ['FY2024', 'IDN', 'upper-middle'],
  ['FY2024', 'SLV', 'upper-middle'],
  ['FY2024', 'PSE', 'upper-middle'],
  ['FY2024', 'JOR', 'lower-middle'],
  ['FY2025', 'DZA', 'upper-middle'],
  ['FY2025', 'IRN', 'upper-middle'],
  ['FY2025', 'MNG', 'upper-middle'],
  ['FY2025', 'UKR', 'upper-middle'],
  ['FY2025', 'BGR', 'high'],
  ['FY2025', 'PLW', 'high'],
  ['FY2025', 'RUS', 'high'],
  ['FY2025', 'PSE', 'lower-middle'],
  ['FY2026', 'CRI', 'high'],
  ['FY2026', 'CPV', 'upper-middle'],
  ['FY2026', 'WSM', 'upper-middle'],
  ['FY2026', 'NAM', 'lower-middle'],
  ['FY2026', 'ETH', null],
];

/** The published FY2026 group sizes, used as a check on the table above. */
export const FY2026_COUNTS = { low: 25, 'lower-middle': 50, 'upper-middle': 54, high: 87 };

/** World Bank economy code -> income group (absent = not classified by the World Bank). */
export function incomeGroups() {
  const groups = new Map();
  for (const [group, codes] of Object.entries(FY2023)) {
    for (const code of codes.split(/\s+/).filter(Boolean)) groups.set(code, group);
  }
  for (const [, code, group] of CHANGES) {
    if (!groups.has(code)) throw new Error(`income change for unknown economy ${code}`);
    if (group === null) groups.delete(code);
    else groups.set(code, group);
  }
  return groups;
}
