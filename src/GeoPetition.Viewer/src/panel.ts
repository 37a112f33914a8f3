// The right-hand panel: a petition's details, claims and latest verification, or an ad-hoc check
// result. Per claim: finding, outcome, the rules that fired (id, sentence, legal basis, dates) and
// the per-layer overlaps with m², 亩 and share; hovering an overlap highlights the feature.

import { api, download, fetchBlob, type AttachmentDto, type ChainCheckDto, type PetitionDto, type StoredVerification, type VerificationResult } from './api';
import { state, hooks } from './app';
import { claimTypeLabel, findingLabel, formatNumber, lang, outcomeLabel, statusLabel, subjectLabel, t } from './i18n';
import { clearHighlight, fetchFeature, highlightFeature } from './features';
import { fitExtent, readGeometry } from './mapview';
import { findingBadge, updatePetitionFinding } from './petitions';
import { showError } from './toast';
import { layerTitle } from './layertree';
import { epsgOfZone3, GK_SYSTEMS } from './proj';
import { findingColor } from './styles';

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

function kv(pairs: Array<[string, string | Node | null | undefined]>): HTMLElement {
  const dl = el('dl', 'kv');
  for (const [k, v] of pairs) {
    if (v === null || v === undefined || v === '') continue;
    dl.append(el('dt', undefined, k));
    const dd = el('dd');
    dd.append(v);
    dl.append(dd);
  }
  return dl;
}

function section(title: string): HTMLElement {
  return el('h4', undefined, title);
}

const MU_PER_M2 = 1 / 666.6667;

export function formatArea(m2: number): string {
  return `${formatNumber(m2, m2 < 100 ? 1 : 0)} m² · ${formatNumber(m2 * MU_PER_M2, 2)} ${t('mu')}`;
}

function panel(): { root: HTMLElement; title: HTMLElement; body: HTMLElement } {
  return {
    root: document.getElementById('panel')!,
    title: document.getElementById('panel-title')!,
    body: document.getElementById('panel-body')!,
  };
}

export function closePanel(): void {
  panel().root.hidden = true;
  panel().root.dataset.kind = '';
  clearHighlight();
}

let renderToken = 0;

// ---- petition ----------------------------------------------------------------------------------

let lastRuns: StoredVerification[] | null = null;

/** The open petition's attachments and chain check (null while loading; an error message if they could not be read). */
let lastEvidence: { attachments: AttachmentDto[]; chain: ChainCheckDto } | string | null = null;

async function loadEvidence(p: PetitionDto, token: number): Promise<void> {
  try {
    const [attachments, chain] = await Promise.all([api.evidence(p.id), api.chain(p.id)]);
    if (token !== renderToken) return;
    lastEvidence = { attachments, chain };
  } catch (e) {
    if (token !== renderToken) return;
    lastEvidence = (e as Error).message;
  }
  renderPetition(state.petitionsById[p.id] ?? p, lastRuns, lastRuns === null);
}

export async function openPetition(p: PetitionDto): Promise<void> {
  const token = ++renderToken;
  lastRuns = null;
  lastEvidence = null;
  const { root, title, body } = panel();
  root.hidden = false;
  root.dataset.kind = 'petition';
  root.dataset.petitionId = String(p.id);
  renderPetition(p, null, true);
  title.scrollIntoView?.({ block: 'nearest' });
  void loadEvidence(p, token);
  try {
    const runs = await api.verifications(p.id);
    if (token !== renderToken) return;
    lastRuns = runs;
    renderPetition(p, runs, false);
  } catch (e) {
    if (token !== renderToken) return;
    renderPetition(p, [], false);
    showError(t('errorVerify'), e);
  }
  void body;
}

/** Re-renders the open panel (after a language switch). */
export function rerenderPanel(): void {
  const root = panel().root;
  if (root.hidden) return;
  if (root.dataset.kind === 'petition') {
    const p = state.petitionsById[Number(root.dataset.petitionId)];
    if (p) renderPetition(p, lastRuns, lastRuns === null);
  } else if (root.dataset.kind === 'adhoc' && lastAdHoc) {
    showAdHocResult(lastAdHoc.result, lastAdHoc.claimType, lastAdHoc.area);
  }
}

function renderPetition(p: PetitionDto, runs: StoredVerification[] | null, loading: boolean): void {
  const { title, body } = panel();
  title.replaceChildren();
  title.append(`${p.service_request_id} `);
  title.append(findingBadge(p.latestFinding));
  const sub = el('small', undefined, `${subjectLabel(p.subject)} · ${p.channel} · ${p.category}`);
  title.append(sub);

  const parts: HTMLElement[] = [];
  const actions = el('div', 'actions');
  const run = el('button', 'primary', t('runVerification'));
  run.dataset.testid = 'run-verification';
  run.addEventListener('click', async () => {
    run.disabled = true;
    run.replaceChildren(el('span', 'spinner'), ` ${t('running')}`);
    try {
      const stored = await api.verify(p.id);
      updatePetitionFinding(p.id, stored.finding);
      lastRuns = [stored, ...(lastRuns ?? [])];
      renderPetition(state.petitionsById[p.id] ?? p, lastRuns, false);
    } catch (e) {
      showError(t('errorVerify'), e);
      run.disabled = false;
      run.textContent = t('runVerification');
    }
  });
  const compare = el('button', 'secondary', t('compareImagery'));
  compare.dataset.testid = 'petition-compare';
  compare.addEventListener('click', () => void comparePetition(p));
  const zoom = el('button', 'secondary', t('zoomTo'));
  zoom.addEventListener('click', () => zoomToPetition(p, 300));
  actions.append(run, compare, zoom);
  parts.push(actions);

  parts.push(section(lang() === 'zh' ? '信访件信息' : 'Petition'));
  const received = el('span', undefined, p.receivedAt + ' ');
  received.append(deadlineTag(p));
  parts.push(
    kv([
      [t('received'), received],
      [t('registered'), new Date(p.requested_datetime).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB')],
      [t('status'), statusLabel(p.status)],
      [t('jurisdiction'), p.xzqdm],
      [t('petitioners'), p.petitioners.map((x) => x.name).filter(Boolean).join('、') || null],
      [t('collective'), p.isCollective ? `${t('yes')}${p.headcount ? ` · ${p.headcount}` : ''}` : null],
      [t('locationSource'), `${label(LOCATION_SOURCES, p.locationSource)}${p.locationCrs ? ` (${p.locationCrs})` : ''}`],
      [t('accuracy'), `${label(ACCURACIES, p.locationAccuracy)} · ${t('tolerance')} ${p.toleranceM} m`],
      [t('location'), `${p.lon.toFixed(6)}, ${p.lat.toFixed(6)}`],
    ]),
  );
  if (p.text) parts.push(el('div', 'petition-text', p.text));

  parts.push(section(t('claims')));
  const claimList = el('ol');
  claimList.style.margin = '0';
  claimList.style.paddingLeft = '18px';
  for (const c of p.claims) {
    const li = el('li');
    li.style.margin = '3px 0';
    const b = el('b', undefined, claimTypeLabel(c.type));
    li.append(b);
    if (c.text) li.append(` — ${c.text}`);
    const refs = Object.entries(c.refs ?? {});
    if (refs.length) li.append(el('div', 'meta-line', refs.map(([k, v]) => `${k}: ${v}`).join(' · ')));
    claimList.append(li);
  }
  parts.push(claimList);

  parts.push(section(t('latestVerification')));
  if (loading) {
    const l = el('div', 'muted');
    l.append(el('span', 'spinner'), ` ${t('loading')}`);
    parts.push(l);
  } else if (!runs || runs.length === 0) {
    parts.push(el('p', 'muted', t('noVerification')));
  } else {
    const latest = runs[0];
    const at = el('div', 'meta-line', `${t('verifiedAt')} ${new Date(latest.createdAt).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB')} · #${latest.id}`);
    parts.push(at);
    parts.push(...resultNodes(latest.result, p));
    if (runs.length > 1) {
      parts.push(section(`${t('runs')} (${runs.length})`));
      const ul = el('ul', 'meta-line');
      ul.style.paddingLeft = '18px';
      for (const r of runs.slice(0, 10)) {
        const li = el('li', undefined, `#${r.id} ${new Date(r.createdAt).toLocaleString(lang() === 'zh' ? 'zh-CN' : 'en-GB')} · `);
        li.append(findingLabel(r.finding));
        ul.append(li);
      }
      parts.push(ul);
    }
  }
  parts.push(...evidenceNodes(p));
  body.replaceChildren(...parts);
  body.dataset.testid = 'panel-body';
}

/** The next deadline of the case as the server's case clock gives it: label, due date, days left or overdue. */
function deadlineTag(p: PetitionDto): HTMLElement {
  const d = p.nextDeadline;
  if (!d) return el('span', 'tag', t('closedCase'));
  const left = d.daysLeft ?? 0;
  const text = d.overdue
    ? `${d.label} · ${t('due')} ${d.due} · ${t('daysOver', { n: -left })}`
    : `${d.label} · ${t('due')} ${d.due} · ${t(d.unit === 'working_days' ? 'workingDaysLeft' : 'daysLeft', { n: left })}`;
  const tag = el('span', d.overdue ? 'tag warn' : d.warning ? 'tag attention' : 'tag', text);
  tag.title = d.article;
  tag.dataset.testid = 'case-deadline';
  return tag;
}

/** Evidence: the chain check, the attachments, and the server-rendered map, report and package. */
function evidenceNodes(p: PetitionDto): HTMLElement[] {
  const nodes: HTMLElement[] = [section(t('evidence'))];
  const actions = el('div', 'actions');
  const mapButton = el('button', 'secondary', t('evidenceMap'));
  mapButton.dataset.testid = 'evidence-map';
  const figure = el('div', 'evidence-map');
  mapButton.addEventListener('click', async () => {
    mapButton.disabled = true;
    try {
      const { blob } = await fetchBlob(`api/petitions/${p.id}/map.png`);
      const img = el('img');
      img.src = URL.createObjectURL(blob);
      img.alt = `${p.service_request_id} ${t('evidenceMap')}`;
      img.dataset.testid = 'evidence-map-image';
      img.style.width = '100%';
      img.style.cursor = 'zoom-in';
      img.addEventListener('click', () => window.open(img.src, '_blank'));
      figure.replaceChildren(img);
    } catch (e) {
      showError(t('evidenceMap'), e);
    } finally {
      mapButton.disabled = false;
    }
  });
  const report = el('button', 'secondary', t('evidenceReport'));
  report.addEventListener('click', () => download(`api/petitions/${p.id}/report.pdf`, `${p.service_request_id}-report.pdf`).catch((e: unknown) => showError(t('evidenceReport'), e)));
  const pack = el('button', 'secondary', t('evidencePackage'));
  pack.addEventListener('click', () => download(`api/petitions/${p.id}/evidence-package.zip`, `${p.service_request_id}-evidence-package.zip`).catch((e: unknown) => showError(t('evidencePackage'), e)));
  actions.append(mapButton, report, pack);
  nodes.push(actions, figure);

  if (lastEvidence === null) {
    const l = el('div', 'muted');
    l.append(el('span', 'spinner'), ` ${t('loading')}`);
    nodes.push(l);
  } else if (typeof lastEvidence === 'string') {
    nodes.push(el('p', 'muted', lastEvidence));
  } else {
    const { attachments, chain } = lastEvidence;
    const status = chain.intact
      ? el('div', 'tag', t('chainIntact', { n: chain.entries }))
      : el('div', 'tag warn', `${t('chainBroken', { n: chain.firstBroken?.seq ?? '?' })} — ${chain.firstBroken?.reason ?? ''}`);
    status.dataset.testid = 'evidence-chain';
    status.title = `head SHA-256 ${chain.headSha256}`;
    nodes.push(status);
    if (attachments.length === 0) {
      nodes.push(el('p', 'muted', t('noAttachments')));
    } else {
      const ul = el('ul', 'meta-line');
      ul.style.paddingLeft = '18px';
      ul.dataset.testid = 'evidence-list';
      for (const a of attachments) {
        const li = el('li');
        li.dataset.attachmentId = String(a.id);
        const name = a.fileName ?? a.note ?? a.kind;
        li.append(`#${a.id} ${a.kind} · `);
        if (a.download) {
          const link = el('a', undefined, name);
          link.href = '#';
          link.addEventListener('click', (ev) => {
            ev.preventDefault();
            download(a.download!.replace(/^\//, ''), name).catch((e: unknown) => showError(t('evidence'), e));
          });
          li.append(link);
        } else {
          li.append(name);
        }
        li.append(` · ${new Date(a.createdAt).toLocaleDateString(lang() === 'zh' ? 'zh-CN' : 'en-GB')}`);
        if (a.sha256) li.append(el('code', undefined, ` ${a.sha256.slice(0, 12)}…`));
        if (a.supersededBy) li.style.textDecoration = 'line-through';
        ul.append(li);
      }
      nodes.push(ul);
    }
  }
  return nodes;
}

export function zoomToPetition(p: PetitionDto, duration = 0): void {
  try {
    const g = readGeometry(p.location);
    fitExtent(g.getExtent(), g.getType() === 'Point' ? 16 : 17, duration);
  } catch {
    // a petition without geometry: nothing to zoom to
  }
}

async function comparePetition(p: PetitionDto): Promise<void> {
  const scenes = [...state.scenes].filter((s) => s.tiles).sort((a, b) => a.acquisitionDate.localeCompare(b.acquisitionDate));
  if (scenes.length < 2) {
    showError(t('compareImagery'), new Error(t('twoScenesNeeded')));
    return;
  }
  let before = null;
  let after = null;
  try {
    const pair = await api.pair(p.location, p.receivedAt);
    before = pair.before;
    after = pair.after;
  } catch (e) {
    // No clear scene around the date, or the pair service is unavailable: use the catalog.
    console.warn('imagery pair', e);
  }
  const tiled = (id: string | undefined) => scenes.find((s) => s.sceneId === id);
  let b = tiled(before?.sceneId);
  let a = tiled(after?.sceneId);
  if (!b) b = [...scenes].reverse().find((s) => s.acquisitionDate <= p.receivedAt && s !== a) ?? scenes[0];
  if (!a || a === b) {
    a = scenes.find((s) => s.acquisitionDate > b!.acquisitionDate) ?? scenes[scenes.length - 1];
  }
  if (a === b) {
    b = scenes[scenes.indexOf(a) - 1] ?? scenes[0];
  }
  zoomToPetition(p, 300);
  hooks.startCompare(b, a);
}

// ---- verification result ------------------------------------------------------------------------

/** The overlay zone of a result: the EPSG code of a CGCS2000 3° zone (or a bare zone number). */
function describeZone(zone: number): string {
  const system = GK_SYSTEMS.find((s) => s.epsg === zone);
  if (system) return `${t('zoneName', { zone: system.zone })} · EPSG:${zone}`;
  if (zone >= 25 && zone <= 45) return `${t('zoneName', { zone })} · EPSG:${epsgOfZone3(zone)}`;
  return String(zone);
}

const LOCATION_SOURCES: Record<string, { zh: string; en: string }> = {
  given: { zh: '信访人提供', en: 'given by the petitioner' },
  'ref:bdcdyh': { zh: '按不动产单元号', en: 'from the real-estate unit number' },
  'ref:zddm': { zh: '按宗地代码', en: 'from the parcel code' },
  'ref:jcbh': { zh: '按卫片图斑编号', en: 'from the change-spot id' },
  'ref:pzwh': { zh: '按批准文号', en: 'from the approval number' },
  'ref:dzjgh': { zh: '按电子监管号', en: 'from the supervision number' },
};
const ACCURACIES: Record<string, { zh: string; en: string }> = {
  pin: { zh: '图钉定位', en: 'pin' },
  drawn: { zh: '手绘范围', en: 'drawn' },
  surveyed: { zh: '实测', en: 'surveyed' },
};

function label(map: Record<string, { zh: string; en: string }>, key: string): string {
  const entry = map[key];
  return entry ? (lang() === 'zh' ? entry.zh : entry.en) : key;
}

function ruleNode(r: VerificationResult['claims'][number]['rules'][number]): HTMLElement {
  const div = el('div', 'rule');
  div.dataset.testid = 'rule';
  div.style.borderLeftColor = r.finding ? findingColor(r.finding) : '#ced4da';
  const head = el('div', 'sentence');
  head.append(el('span', 'rid', r.ruleId));
  head.append(lang() === 'zh' ? r.sentenceZh : r.sentenceEn);
  div.append(head);
  if (r.legalBasis) div.append(el('div', 'basis', `${t('legalBasis')}：${r.legalBasis}`));
  if (r.dates && Object.keys(r.dates).length) {
    const d = el('div', 'dates');
    for (const [k, v] of Object.entries(r.dates)) d.append(el('span', 'tag', `${k} ${v}`));
    div.append(d);
  }
  return div;
}

function overlapTable(evidence: VerificationResult['claims'][number]['evidence']): HTMLElement {
  if (!evidence.length) return el('p', 'muted', t('noOverlaps'));
  const table = el('table', 'overlaps');
  table.dataset.testid = 'overlaps';
  const head = el('tr');
  for (const [text, cls] of [
    [t('layer'), ''],
    [t('key'), ''],
    ['m²', 'num'],
    [t('mu'), 'num'],
    [t('share'), 'num'],
  ]) {
    head.append(el('th', cls, text));
  }
  table.append(el('thead'));
  table.tHead!.append(head);
  const tbody = el('tbody');
  const sorted = [...evidence].sort((a, b) => b.areaM2 - a.areaM2);
  for (const e of sorted) {
    const tr = el('tr', 'hit');
    tr.dataset.testid = 'overlap-row';
    tr.dataset.layerId = e.layerId;
    tr.dataset.fid = String(e.fid);
    const layerCell = el('td', undefined, layerTitle(state.catalogById[e.layerId], e.layerId));
    const keyCell = el('td', 'lkey', e.key);
    if (e.significant) keyCell.append(el('span', 'tag', t('significant')));
    const pct = Math.max(0, Math.min(1, e.share));
    const shareCell = el('td', 'num');
    const bar = el('span', 'share-bar');
    bar.style.width = `${Math.round(pct * 36)}px`;
    shareCell.append(bar, `${formatNumber(e.share * 100, 1)}%`);
    tr.append(layerCell, keyCell, el('td', 'num', formatNumber(e.areaM2, e.areaM2 < 100 ? 1 : 0)), el('td', 'num', formatNumber(e.areaMu, 2)), shareCell);
    tr.addEventListener('mouseenter', () => {
      tbody.querySelectorAll('tr.active').forEach((x) => x.classList.remove('active'));
      tr.classList.add('active');
      void highlightFeature(e.layerId, e.fid);
    });
    tr.addEventListener('mouseleave', () => tr.classList.remove('active'));
    tr.addEventListener('click', async () => {
      try {
        const f = await fetchFeature(e.layerId, e.fid);
        fitExtent(readGeometry(f.geometry).getExtent(), 18, 300);
        void highlightFeature(e.layerId, e.fid);
      } catch (err) {
        showError(t('errorFeature'), err);
      }
    });
    tbody.append(tr);
  }
  table.append(tbody);
  table.addEventListener('mouseleave', () => clearHighlight());
  return table;
}

/** The result of a verification as panel nodes: meta line, one card per claim, versions. */
export function resultNodes(result: VerificationResult, petition?: PetitionDto): HTMLElement[] {
  const nodes: HTMLElement[] = [];
  const zoneText = describeZone(result.zone);
  nodes.push(
    kv([
      [t('checkDate'), `${result.checkDate}${result.asOf ? ` (${t('asOfDate')})` : ''}`],
      [t('zone'), zoneText],
      [t('petitionArea'), result.petitionAreaM2 > 0 ? formatArea(result.petitionAreaM2) : '—'],
      [t('tolerance'), `${result.toleranceM} m`],
    ]),
  );
  for (const c of result.claims) {
    const card = el('div', 'claim-card');
    card.dataset.testid = 'claim-result';
    card.dataset.finding = c.finding;
    const head = el('div', 'claim-head');
    head.append(el('span', 'title', `${t('claim')} ${c.index + 1} · ${claimTypeLabel(c.type)}`));
    if (c.isLead) head.append(el('span', 'tag', t('lead')));
    const badge = findingBadge(c.finding);
    badge.dataset.testid = 'claim-finding';
    head.append(badge);
    head.append(el('span', 'outcome', `${t('outcome')}：${outcomeLabel(c.outcome)}`));
    card.append(head);
    const body = el('div', 'claim-body');
    const claimText = petition?.claims[c.index]?.text;
    if (claimText) body.append(el('div', 'claim-text', claimText));
    if (c.rules.length) {
      body.append(el('div', 'meta-line', t('rules')));
      for (const r of c.rules) body.append(ruleNode(r));
    }
    body.append(el('div', 'meta-line', t('overlaps')));
    body.append(overlapTable(c.evidence));
    card.append(body);
    nodes.push(card);
  }
  if (result.versions?.length) {
    const v = el('div', 'meta-line');
    v.style.marginTop = '10px';
    v.append(`${t('versions')}：`, result.versions.map((x) => `${x.layerId} v${x.versionId}`).join('，'));
    v.append(el('br'), `${t('hash')}：`);
    const code = el('code', undefined, result.sha256.slice(0, 16) + '…');
    code.title = result.sha256;
    v.append(code);
    nodes.push(v);
  }
  return nodes;
}

// ---- ad-hoc check -------------------------------------------------------------------------------

let lastAdHoc: { result: VerificationResult; claimType: string; area: string } | null = null;

export function showAdHocResult(result: VerificationResult, claimType: string, area: string): void {
  ++renderToken;
  lastAdHoc = { result, claimType, area };
  const { root, title, body } = panel();
  root.hidden = false;
  root.dataset.kind = 'adhoc';
  title.replaceChildren(t('adHocTitle'));
  title.append(el('small', undefined, `${claimTypeLabel(claimType)} · ${area}`));
  const nodes = resultNodes(result);
  body.replaceChildren(section(t('checkResult')), ...nodes);
}
