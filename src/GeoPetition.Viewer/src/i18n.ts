// Labels in Chinese (default) and English. Domain terms follow the glossary of
// docs/architecture: Finding 核查结论, Outcome 处理意见, Claim 诉求, Petition 信访件.

export type Lang = 'zh' | 'en';

const zh = {
  appTitle: '信访核查一张图',
  appSubtitle: '自然资源信访空间核查',
  langSwitch: 'English',
  tabPetitions: '信访件',
  tabLayers: '图层',
  tabCheck: '画图核查',
  imagery: '影像',
  noImagery: '无影像',
  sceneNewest: '最新',
  layersTitle: '图层目录',
  petitionLayer: '信访件位置',
  imageryLayer: '卫星影像',
  opacity: '透明度',
  features: '要素',
  zoomTo: '缩放至',
  vectorTiles: '矢量瓦片',
  searchPlaceholder: '搜索编号、内容、信访人…',
  allSubjects: '全部类别',
  allStatuses: '全部状态',
  allFindings: '全部结论',
  unverified: '未核查',
  overdueOnly: '逾期',
  overdueHint: '按案件流程的法定期限（告知、转送、办理、复查、复核；含工作日、节假日与延期）计算，以服务器当日为准',
  petitionsCount: '共 {n} 件',
  petitionsShown: '显示 {shown} / {n} 件',
  noPetitions: '没有符合条件的信访件',
  loading: '正在加载…',
  received: '收件日期',
  registered: '登记时间',
  channel: '渠道',
  category: '类别',
  subject: '事项类别',
  status: '状态',
  jurisdiction: '行政区',
  petitioners: '信访人',
  collective: '集体访',
  headcount: '人数',
  location: '位置',
  locationSource: '定位来源',
  accuracy: '定位精度',
  tolerance: '容差',
  content: '诉求内容',
  claims: '诉求',
  claim: '诉求',
  latestVerification: '最新核查',
  noVerification: '尚未核查。点击“运行核查”按现行图层核查各项诉求。',
  runVerification: '运行核查',
  running: '核查中…',
  compareImagery: '影像对比',
  finding: '核查结论',
  outcome: '处理意见',
  lead: '主要诉求',
  rules: '触发规则',
  rule: '规则',
  sentence: '说明',
  legalBasis: '法律依据',
  overlaps: '叠加分析',
  layer: '图层',
  key: '编号',
  area: '面积',
  share: '占比',
  significant: '显著',
  noOverlaps: '无叠加要素',
  checkDate: '核查日期',
  asOfDate: '数据时点',
  zone: '计算带',
  zoneName: '3度带第{zone}带',
  petitionArea: '信访范围面积',
  versions: '所用图层版本',
  hash: '结果哈希',
  verifiedAt: '核查时间',
  runs: '历次核查',
  close: '关闭',
  drawPoint: '点',
  drawLine: '线',
  drawPolygon: '面',
  drawClear: '清除',
  drawHint: '在地图上绘制点、线或面，或粘贴坐标，然后选择诉求类型并核查。',
  pasteCoords: '粘贴坐标',
  pastePlaceholder: '每行一个点：经度,纬度 或 东坐标,北坐标\n多点首尾相同为面，否则为线',
  coordSystem: '坐标系',
  crs4490: 'CGCS2000 经纬度 (EPSG:4490)',
  crsGcj02: 'GCJ-02 火星坐标（高德/腾讯）',
  crsBd09: 'BD-09（百度）',
  crsGk3: 'CGCS2000 3度带 {zone}带',
  crsGk3Prefix: '（带号）',
  usePasted: '使用粘贴坐标',
  claimType: '诉求类型',
  runCheck: '核查',
  checkResult: '核查结果',
  adHocTitle: '画图核查结果',
  drawnGeometry: '绘制范围',
  measureLength: '测距',
  measureArea: '测面',
  measureClear: '清除测量',
  swipe: '卷帘对比',
  swipeBefore: '前时相',
  swipeAfter: '后时相',
  swipeClose: '退出对比',
  pointer: '指针',
  lonlat: 'CGCS2000 经纬度',
  gkZone: '3度带',
  scale: '比例尺',
  attributes: '属性',
  emptyFields: '另有 {n} 个字段无值',
  field: '字段',
  value: '值',
  errorTitle: '出错了',
  errorLayers: '无法加载图层目录',
  errorPetitions: '无法加载信访件',
  errorImagery: '无法加载影像目录',
  errorVerify: '核查失败',
  errorFeature: '无法读取要素',
  errorNetwork: '无法连接服务器',
  dismiss: '知道了',
  acquired: '获取日期',
  sensor: '传感器',
  resolution: '分辨率',
  cloud: '云量',
  noPair: '该位置没有可对比的影像',
  copyLink: '复制链接',
  linkCopied: '链接已复制',
  mu: '亩',
  ha: '公顷',
  tianditu: '天地图影像',
  basemap: '底图',
  legend: '图例',
  none: '无',
  yes: '是',
  no: '否',
  dates: '日期',
  ofPetition: '占信访范围',
  overdue: '逾期',
  daysLeft: '剩余 {n} 天',
  workingDaysLeft: '剩余 {n} 个工作日',
  due: '期限',
  evidence: '证据',
  evidenceMap: '证据图',
  evidenceReport: '核查报告 PDF',
  evidencePackage: '证据包 ZIP',
  chainIntact: '证据链完整（{n} 条）',
  chainBroken: '证据链断裂：第 {n} 条',
  noAttachments: '暂无附件',
  closedCase: '已办结',
  daysOver: '逾期 {n} 天',
  pinPlaced: '已放置点',
  vertices: '{n} 个顶点',
  invalidPaste: '无法识别坐标：{line}',
  swapped: '已按数值范围识别为 东坐标,北坐标',
  selectPetitionFirst: '请先选择一个信访件',
  twoScenesNeeded: '至少需要两景影像',
  results: '结果',
  api: 'API 文档',
} as const;

export type Key = keyof typeof zh;

const en: Record<Key, string> = {
  appTitle: 'Petition Verification Map',
  appSubtitle: 'Natural-resources petitions, checked on the map',
  langSwitch: '中文',
  tabPetitions: 'Petitions',
  tabLayers: 'Layers',
  tabCheck: 'Draw to check',
  imagery: 'Imagery',
  noImagery: 'No imagery',
  sceneNewest: 'newest',
  layersTitle: 'Layer catalog',
  petitionLayer: 'Petition locations',
  imageryLayer: 'Satellite imagery',
  opacity: 'Opacity',
  features: 'features',
  zoomTo: 'Zoom to',
  vectorTiles: 'vector tiles',
  searchPlaceholder: 'Search case no., text, petitioner…',
  allSubjects: 'All subjects',
  allStatuses: 'All statuses',
  allFindings: 'All findings',
  unverified: 'Not verified',
  overdueOnly: 'Overdue',
  overdueHint: 'A statutory deadline of the case workflow has passed (notice, transfer, handling, review, recheck; working days, holidays and extensions counted by the server)',
  petitionsCount: '{n} petitions',
  petitionsShown: '{shown} of {n} petitions',
  noPetitions: 'No petition matches the filters',
  loading: 'Loading…',
  received: 'Received',
  registered: 'Registered',
  channel: 'Channel',
  category: 'Category',
  subject: 'Subject',
  status: 'Status',
  jurisdiction: 'Jurisdiction',
  petitioners: 'Petitioners',
  collective: 'Collective',
  headcount: 'Headcount',
  location: 'Location',
  locationSource: 'Location source',
  accuracy: 'Accuracy',
  tolerance: 'Tolerance',
  content: 'Text',
  claims: 'Claims',
  claim: 'Claim',
  latestVerification: 'Latest verification',
  noVerification: 'Not verified yet. Click “Run verification” to check every claim against the current layers.',
  runVerification: 'Run verification',
  running: 'Verifying…',
  compareImagery: 'Compare imagery',
  finding: 'Finding',
  outcome: 'Outcome',
  lead: 'lead claim',
  rules: 'Rules fired',
  rule: 'Rule',
  sentence: 'Reason',
  legalBasis: 'Legal basis',
  overlaps: 'Overlaps',
  layer: 'Layer',
  key: 'Key',
  area: 'Area',
  share: 'Share',
  significant: 'significant',
  noOverlaps: 'No overlapping feature',
  checkDate: 'Check date',
  asOfDate: 'As of',
  zone: 'Zone',
  zoneName: '3° zone {zone}',
  petitionArea: 'Petition area',
  versions: 'Layer versions consulted',
  hash: 'Result hash',
  verifiedAt: 'Verified at',
  runs: 'Runs',
  close: 'Close',
  drawPoint: 'Point',
  drawLine: 'Line',
  drawPolygon: 'Polygon',
  drawClear: 'Clear',
  drawHint: 'Draw a point, line or polygon on the map, or paste coordinates; then choose a claim type and check.',
  pasteCoords: 'Paste coordinates',
  pastePlaceholder: 'One point per line: lon,lat or easting,northing\nFirst = last point makes a polygon, otherwise a line',
  coordSystem: 'CRS',
  crs4490: 'CGCS2000 lon/lat (EPSG:4490)',
  crsGcj02: 'GCJ-02 (AMap/Tencent)',
  crsBd09: 'BD-09 (Baidu)',
  crsGk3: 'CGCS2000 3° GK zone {zone}',
  crsGk3Prefix: ' (zone prefix)',
  usePasted: 'Use pasted coordinates',
  claimType: 'Claim type',
  runCheck: 'Check',
  checkResult: 'Check result',
  adHocTitle: 'Ad-hoc check',
  drawnGeometry: 'Drawn geometry',
  measureLength: 'Distance',
  measureArea: 'Area',
  measureClear: 'Clear measurements',
  swipe: 'Swipe compare',
  swipeBefore: 'Before',
  swipeAfter: 'After',
  swipeClose: 'Exit compare',
  pointer: 'Pointer',
  lonlat: 'CGCS2000 lon/lat',
  gkZone: '3° zone',
  scale: 'Scale',
  attributes: 'Attributes',
  emptyFields: '{n} more fields have no value',
  field: 'Field',
  value: 'Value',
  errorTitle: 'Error',
  errorLayers: 'Could not load the layer catalog',
  errorPetitions: 'Could not load petitions',
  errorImagery: 'Could not load the imagery catalog',
  errorVerify: 'Verification failed',
  errorFeature: 'Could not read the feature',
  errorNetwork: 'Cannot reach the server',
  dismiss: 'Dismiss',
  acquired: 'Acquired',
  sensor: 'Sensor',
  resolution: 'Resolution',
  cloud: 'Cloud',
  noPair: 'No imagery to compare at this place',
  copyLink: 'Copy link',
  linkCopied: 'Link copied',
  mu: 'mu',
  ha: 'ha',
  tianditu: 'Tianditu imagery',
  basemap: 'Base map',
  legend: 'Legend',
  none: 'none',
  yes: 'yes',
  no: 'no',
  dates: 'Dates',
  ofPetition: 'of petition area',
  overdue: 'Overdue',
  daysLeft: '{n} days left',
  workingDaysLeft: '{n} working days left',
  due: 'due',
  evidence: 'Evidence',
  evidenceMap: 'Evidence map',
  evidenceReport: 'Report PDF',
  evidencePackage: 'Evidence package ZIP',
  chainIntact: 'Evidence chain intact ({n} entries)',
  chainBroken: 'Evidence chain broken at entry {n}',
  noAttachments: 'No attachments',
  closedCase: 'Closed',
  daysOver: '{n} days overdue',
  pinPlaced: 'Point placed',
  vertices: '{n} vertices',
  invalidPaste: 'Cannot read coordinates: {line}',
  swapped: 'Read as easting,northing from the value ranges',
  selectPetitionFirst: 'Select a petition first',
  twoScenesNeeded: 'At least two scenes are needed',
  results: 'Results',
  api: 'API docs',
};

const dictionaries: Record<Lang, Record<Key, string>> = { zh, en };

let current: Lang = 'zh';
const listeners: Array<() => void> = [];

export function lang(): Lang {
  return current;
}

export function setLang(value: Lang): void {
  if (value === current) return;
  current = value;
  try {
    localStorage.setItem('geopetition.lang', value);
  } catch {
    // storage may be disabled; the URL still carries nothing about the language
  }
  document.documentElement.lang = value === 'zh' ? 'zh-CN' : 'en';
  listeners.forEach((l) => l());
}

export function initLang(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem('geopetition.lang');
  } catch {
    stored = null;
  }
  const fromUrl = new URLSearchParams(location.search).get('lang');
  current = fromUrl === 'en' || fromUrl === 'zh' ? fromUrl : stored === 'en' ? 'en' : 'zh';
  document.documentElement.lang = current === 'zh' ? 'zh-CN' : 'en';
}

export function onLangChange(listener: () => void): void {
  listeners.push(listener);
}

export function t(key: Key, vars?: Record<string, string | number>): string {
  let text = dictionaries[current][key] ?? key;
  if (vars) {
    for (const [k, v] of Object.entries(vars)) text = text.replace(`{${k}}`, String(v));
  }
  return text;
}

/** Applies labels to every element with data-i18n (text), data-i18n-title and data-i18n-placeholder. */
export function applyStaticLabels(root: ParentNode = document): void {
  root.querySelectorAll<HTMLElement>('[data-i18n]').forEach((el) => {
    el.textContent = t(el.dataset.i18n as Key);
  });
  root.querySelectorAll<HTMLElement>('[data-i18n-title]').forEach((el) => {
    el.title = t(el.dataset.i18nTitle as Key);
  });
  root.querySelectorAll<HTMLInputElement | HTMLTextAreaElement>('[data-i18n-placeholder]').forEach((el) => {
    el.placeholder = t(el.dataset.i18nPlaceholder as Key);
  });
}

// ---- domain vocabularies --------------------------------------------------------------------

export const FINDINGS = [
  'Substantiated',
  'PartlySubstantiated',
  'NotSubstantiated',
  'FieldCheckNeeded',
  'Forward',
  'StatutoryChannel',
] as const;
export type Finding = (typeof FINDINGS)[number];

const findingZh: Record<Finding, string> = {
  Substantiated: '属实',
  PartlySubstantiated: '部分属实',
  NotSubstantiated: '不属实',
  FieldCheckNeeded: '需实地核查',
  Forward: '转送',
  StatutoryChannel: '导入法定途径',
};
const findingEn: Record<Finding, string> = {
  Substantiated: 'Substantiated',
  PartlySubstantiated: 'Partly substantiated',
  NotSubstantiated: 'Not substantiated',
  FieldCheckNeeded: 'Field check needed',
  Forward: 'Forward',
  StatutoryChannel: 'Statutory channel',
};

export function findingLabel(f: string | null | undefined): string {
  if (!f) return t('unverified');
  const key = f as Finding;
  return (current === 'zh' ? findingZh[key] : findingEn[key]) ?? f;
}

const outcomeZh: Record<string, string> = { Support: '支持', Explain: '解释说明', NotSupport: '不予支持' };
const outcomeEn: Record<string, string> = { Support: 'Support', Explain: 'Explain', NotSupport: 'Not supported' };

export function outcomeLabel(o: string | null | undefined): string {
  if (!o) return current === 'zh' ? '—（待定）' : '— (pending)';
  return (current === 'zh' ? outcomeZh[o] : outcomeEn[o]) ?? o;
}

/** Claim types as the API accepts them (snake_case) with their labels. */
export const CLAIM_TYPES: Array<{ api: string; zh: string; en: string }> = [
  { api: 'illegal_occupation', zh: '违法占地', en: 'Illegal occupation' },
  { api: 'land_acquisition', zh: '征地', en: 'Land acquisition' },
  { api: 'compensation', zh: '征地补偿', en: 'Compensation' },
  { api: 'registration', zh: '不动产登记', en: 'Registration' },
  { api: 'boundary_dispute', zh: '界址争议', en: 'Boundary dispute' },
  { api: 'planning', zh: '规划建设', en: 'Planning & construction' },
  { api: 'mining', zh: '违法采矿', en: 'Illegal mining' },
  { api: 'other', zh: '其他', en: 'Other' },
];

function normalise(s: string): string {
  return s.replace(/_/g, '').toLowerCase();
}

export function claimTypeLabel(type: string | null | undefined): string {
  if (!type) return '—';
  const found = CLAIM_TYPES.find((c) => normalise(c.api) === normalise(type) || c.zh === type);
  return found ? (current === 'zh' ? found.zh : found.en) : type;
}

export const SUBJECTS: Array<{ api: string; zh: string; en: string }> = [
  { api: 'illegal_occupation', zh: '违法用地', en: 'Illegal land use' },
  { api: 'land_acquisition', zh: '征地', en: 'Land acquisition' },
  { api: 'registration', zh: '不动产登记', en: 'Real-estate registration' },
  { api: 'planning', zh: '规划建设', en: 'Planning & construction' },
  { api: 'mining', zh: '矿产', en: 'Mining' },
  { api: 'other', zh: '其他', en: 'Other' },
];

export function subjectLabel(s: string | null | undefined): string {
  if (!s) return '—';
  const found = SUBJECTS.find((x) => x.api === s || x.zh === s);
  return found ? (current === 'zh' ? found.zh : found.en) : s;
}

const statusZh: Record<string, string> = {
  registered: '已登记',
  accepted: '已受理',
  assigned: '已交办',
  in_progress: '办理中',
  answered: '已答复',
  closed: '已办结',
  rejected: '不予受理',
  forwarded: '已转送',
};
const statusEn: Record<string, string> = {
  registered: 'Registered',
  accepted: 'Accepted',
  assigned: 'Assigned',
  in_progress: 'In progress',
  answered: 'Answered',
  closed: 'Closed',
  rejected: 'Not accepted',
  forwarded: 'Forwarded',
};

export function statusLabel(s: string): string {
  return (current === 'zh' ? statusZh[s] : statusEn[s]) ?? s;
}

/** Layer kinds in English (the catalog gives the Chinese kind title). */
const kindEn: Record<string, string> = {
  Jurisdiction: 'Jurisdictions',
  ApprovalBatch: 'Approval batches',
  LandSupply: 'Land supply',
  TemporaryLandUse: 'Temporary land use',
  FacilityAgriculture: 'Facility agriculture',
  PermanentBasicFarmland: 'Permanent basic farmland',
  EcologicalRedLine: 'Ecological red line',
  LandUse: 'Land-use survey',
  RegisteredParcel: 'Registered parcels',
  ChangeSpot: 'Change spots',
  ImageryScene: 'Imagery footprints',
};

export function kindLabelEn(kind: string): string {
  return kindEn[kind] ?? kind;
}

export function locale(): string {
  return current === 'zh' ? 'zh-CN' : 'en-GB';
}

export function formatNumber(value: number, digits = 0): string {
  return value.toLocaleString(locale(), { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
