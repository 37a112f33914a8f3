// The petition list beside the map (filters: subject, status, finding, overdue, text) and the
// markers on the map, coloured by the latest finding.

import Feature from 'ol/Feature';
import Point from 'ol/geom/Point';
import { fromLonLat } from 'ol/proj';
import type { PetitionDto } from './api';
import { state, hooks } from './app';
import { claimTypeLabel, findingLabel, FINDINGS, formatNumber, statusLabel, subjectLabel, SUBJECTS, t } from './i18n';
import { petitionLayer, petitionSource } from './mapview';
import { findingColor, petitionStyle } from './styles';

/**
 * Whether a duty deadline of the case has passed (受理告知、转送交办、办理、复查、复核): the server's case
 * clock as of today (statutory lengths, working days, holidays, extensions, pauses), not an estimate.
 */
export function isOverdue(p: PetitionDto): boolean {
  return p.nextDeadline?.overdue === true;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
}

export function findingBadge(finding: string | null | undefined): HTMLElement {
  const b = el('span', finding ? 'badge' : 'badge unverified', findingLabel(finding));
  if (finding) b.style.background = findingColor(finding);
  b.dataset.finding = finding ?? '';
  return b;
}

function option(select: HTMLSelectElement, value: string, label: string): void {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = label;
  select.append(o);
}

export function renderFilterOptions(): void {
  const subject = document.getElementById('filter-subject') as HTMLSelectElement;
  const status = document.getElementById('filter-status') as HTMLSelectElement;
  const finding = document.getElementById('filter-finding') as HTMLSelectElement;
  const keep = [subject.value, status.value, finding.value];
  subject.replaceChildren();
  option(subject, '', t('allSubjects'));
  for (const s of SUBJECTS) option(subject, s.api, subjectLabel(s.api));
  status.replaceChildren();
  option(status, '', t('allStatuses'));
  const statuses = new Set(state.petitions.map((p) => p.status));
  for (const s of statuses) option(status, s, statusLabel(s));
  finding.replaceChildren();
  option(finding, '', t('allFindings'));
  for (const f of FINDINGS) option(finding, f, findingLabel(f));
  option(finding, '_none', t('unverified'));
  [subject.value, status.value, finding.value] = keep;
  if (subject.selectedIndex < 0) subject.value = '';
  if (status.selectedIndex < 0) status.value = '';
  if (finding.selectedIndex < 0) finding.value = '';
}

function matches(p: PetitionDto): boolean {
  const subject = (document.getElementById('filter-subject') as HTMLSelectElement).value;
  const status = (document.getElementById('filter-status') as HTMLSelectElement).value;
  const finding = (document.getElementById('filter-finding') as HTMLSelectElement).value;
  const overdue = (document.getElementById('filter-overdue') as HTMLInputElement).checked;
  const text = (document.getElementById('petition-search') as HTMLInputElement).value.trim().toLowerCase();
  if (subject && p.subject !== subject && subjectLabel(p.subject) !== subjectLabel(subject)) return false;
  if (status && p.status !== status) return false;
  if (finding === '_none' && p.latestFinding) return false;
  if (finding && finding !== '_none' && p.latestFinding !== finding) return false;
  if (overdue && !isOverdue(p)) return false;
  if (text) {
    const hay = [
      p.service_request_id,
      String(p.id),
      p.text ?? '',
      p.xzqdm ?? '',
      subjectLabel(p.subject),
      ...p.petitioners.map((x) => x.name ?? ''),
      ...p.claims.map((c) => `${c.text ?? ''} ${claimTypeLabel(c.type)} ${Object.values(c.refs ?? {}).join(' ')}`),
    ]
      .join(' ')
      .toLowerCase();
    if (!hay.includes(text)) return false;
  }
  return true;
}

const MAX_ROWS = 1000;

export function renderPetitionList(): void {
  const list = document.getElementById('petition-list')!;
  const shown = state.petitions.filter(matches);
  const count = document.getElementById('petition-count')!;
  count.textContent =
    shown.length === state.petitions.length
      ? t('petitionsCount', { n: formatNumber(state.petitions.length) })
      : t('petitionsShown', { shown: formatNumber(shown.length), n: formatNumber(state.petitions.length) });
  const items: HTMLElement[] = [];
  for (const p of shown.slice(0, MAX_ROWS)) {
    const li = el('li');
    li.dataset.id = String(p.id);
    li.dataset.testid = 'petition-item';
    if (p.id === state.selectedPetition) li.classList.add('selected');
    const dot = el('span', 'dot');
    dot.style.background = findingColor(p.latestFinding);
    const head = el('div');
    head.append(el('span', 'case', p.service_request_id));
    if (isOverdue(p)) head.append(el('span', 'tag warn', t('overdue')));
    if (p.isCollective) head.append(el('span', 'tag', t('collective')));
    const right = el('div');
    right.append(findingBadge(p.latestFinding));
    const claimTypes = [...new Set(p.claims.map((c) => claimTypeLabel(c.type)))].join('、');
    const meta = el('div', 'meta', `${p.receivedAt} · ${subjectLabel(p.subject)} · ${claimTypes}${p.text ? ' · ' + p.text : ''}`);
    meta.title = p.text ?? '';
    li.append(dot, head, right, meta);
    li.addEventListener('click', () => hooks.selectPetition(p.id, true));
    items.push(li);
  }
  if (!items.length) {
    const empty = el('li', 'empty', state.petitions.length ? t('noPetitions') : t('loading'));
    empty.dataset.testid = 'petition-empty';
    items.push(empty);
  }
  list.replaceChildren(...items);

  // Markers follow the filters too.
  const visible = new Set(shown.map((p) => p.id));
  for (const f of petitionSource.getFeatures()) f.set('hidden', !visible.has(f.get('petitionId')));
  petitionLayer.changed();
}

export function markPetitionsLoading(): void {
  const list = document.getElementById('petition-list')!;
  const li = el('li', 'empty', t('loading'));
  list.replaceChildren(li);
}

export function setPetitions(petitions: PetitionDto[]): void {
  state.petitions = petitions;
  state.petitionsById = Object.fromEntries(petitions.map((p) => [p.id, p]));
  const features = petitions
    .filter((p) => Number.isFinite(p.lon) && Number.isFinite(p.lat))
    .map((p) => {
      const f = new Feature({ geometry: new Point(fromLonLat([p.lon, p.lat])), petitionId: p.id, finding: p.latestFinding });
      f.setId(`petition-${p.id}`);
      return f;
    });
  petitionSource.clear(true);
  petitionSource.addFeatures(features);
  renderFilterOptions();
  renderPetitionList();
}

export function updatePetitionFinding(id: number, finding: string | null): void {
  const p = state.petitionsById[id];
  if (p) p.latestFinding = finding;
  petitionSource.getFeatureById(`petition-${id}`)?.set('finding', finding);
  renderPetitionList();
}

export function initPetitionList(): void {
  petitionLayer.setStyle((feature) => (feature.get('hidden') ? undefined : petitionStyle(feature, feature.get('petitionId') === state.selectedPetition)));
  for (const id of ['filter-subject', 'filter-status', 'filter-finding', 'filter-overdue']) {
    document.getElementById(id)!.addEventListener('change', renderPetitionList);
  }
  let timer = 0;
  document.getElementById('petition-search')!.addEventListener('input', () => {
    clearTimeout(timer);
    timer = window.setTimeout(renderPetitionList, 120);
  });
}

export function scrollSelectedIntoView(): void {
  const li = document.querySelector<HTMLElement>(`#petition-list li[data-id="${state.selectedPetition}"]`);
  li?.scrollIntoView({ block: 'nearest' });
}

/** The finding legend over the map (bottom left). */
export function renderFindingLegend(): void {
  const host = document.getElementById('finding-legend')!;
  const rows: HTMLElement[] = [];
  const entries: Array<[string | null, string]> = [
    ['Substantiated', findingLabel('Substantiated')],
    ['PartlySubstantiated', findingLabel('PartlySubstantiated')],
    ['NotSubstantiated', findingLabel('NotSubstantiated')],
    ['FieldCheckNeeded', findingLabel('FieldCheckNeeded')],
    ['Forward', `${findingLabel('Forward')} / ${findingLabel('StatutoryChannel')}`],
    [null, t('unverified')],
  ];
  for (const [f, label] of entries) {
    const r = el('div', 'row');
    const i = el('i');
    i.style.background = findingColor(f);
    if (!f) i.style.borderColor = '#343a40';
    r.append(i, label);
    rows.push(r);
  }
  host.replaceChildren(...rows);
}
