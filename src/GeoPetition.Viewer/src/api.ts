// The server API the viewer consumes (see src/GeoPetition.Server/Endpoints). Every error comes back
// as an RFC 9457 problem; ApiError turns it into one readable sentence. Requests carry the bearer
// token of the signed-in user (auth.ts); a 401 forgets it.

import { signOut, token } from './auth';

export interface FieldDto {
  name: string;
  type: string;
  titleZh: string;
  titleEn: string;
  required: boolean;
}

export interface LayerDto {
  id: string;
  kind: string;
  title: string;
  titleZh: string;
  geometryType: string;
  srid: number;
  restricted: boolean;
  featureCount: number;
  extent: number[] | null;
  currentVersion: { id: number; sourceName: string; importedAt: string | null } | null;
  fields: FieldDto[];
  dateFields: string[];
}

export interface ClaimDto {
  type: string | null;
  text: string | null;
  refs: Record<string, string> | null;
}

export interface PetitionerDto {
  name: string | null;
  idNumber: string | null;
  phone: string | null;
  address: string | null;
}

export interface PetitionDto {
  id: number;
  service_request_id: string;
  channel: string;
  category: string;
  subject: string;
  receivedAt: string;
  requested_datetime: string;
  status: string;
  xzqdm: string | null;
  routingReview: boolean;
  petitioners: PetitionerDto[];
  isCollective: boolean;
  headcount: number | null;
  text: string | null;
  locationSource: string;
  locationCrs: string | null;
  locationAccuracy: string;
  toleranceM: number;
  location: GeoJSON;
  lon: number;
  lat: number;
  claims: ClaimDto[];
  latestFinding: string | null;
  /** The next statutory deadline of the open case (the server's case clock as of today); null once closed. */
  nextDeadline?: ClockDto | null;
}

/** A statutory clock of a case as GET /api/petitions/{id}/case gives it. */
export interface ClockDto {
  timer: string;
  label: string;
  article: string;
  kind: 'duty' | 'window';
  unit: 'calendar_days' | 'working_days';
  start: string;
  due: string;
  running: boolean;
  paused: boolean;
  daysLeft: number | null;
  overdue: boolean;
  lapsed: boolean;
  warning: boolean;
}

/** An evidence attachment (photo, document, field check, verification link). */
export interface AttachmentDto {
  id: number;
  kind: string;
  sha256: string | null;
  sizeBytes: number | null;
  mediaType: string | null;
  fileName: string | null;
  lon: number | null;
  lat: number | null;
  note: string | null;
  createdAt: string;
  supersededBy: number | null;
  download: string | null;
}

/** The evidence chain recomputed by the server. */
export interface ChainCheckDto {
  intact: boolean;
  entries: number;
  headSha256: string;
  firstBroken: { seq: number; kind: string | null; refId: string | null; reason: string } | null;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type GeoJSON = { type: string; coordinates?: any; geometries?: GeoJSON[] };

export interface RuleHit {
  ruleId: string;
  finding: string;
  sentenceZh: string;
  sentenceEn: string;
  legalBasis: string;
  featureKeys: string[];
  areaM2: number | null;
  isLead: boolean;
  dates: Record<string, string> | null;
}

export interface FeatureHit {
  layerId: string;
  versionId: number;
  fid: number;
  kind: string;
  key: string;
  areaM2: number;
  areaMu: number;
  share: number;
  significant: boolean;
  attributes: Record<string, string | null>;
}

export interface ClaimResult {
  index: number;
  type: string;
  finding: string;
  outcome: string | null;
  isLead: boolean;
  rules: RuleHit[];
  evidence: FeatureHit[];
}

export interface LayerVersionRef {
  layerId: string;
  kind: string;
  versionId: number;
  sourceName: string;
  sourceSha256: string;
  importedAt: string | null;
}

export interface VerificationResult {
  checkDate: string;
  asOf: boolean;
  zone: number;
  petitionAreaM2: number;
  toleranceM: number;
  versions: LayerVersionRef[];
  claims: ClaimResult[];
  sha256: string;
}

export interface StoredVerification {
  id: number;
  petitionId: number;
  createdAt: string;
  finding: string;
  result: VerificationResult;
  changes: unknown;
}

export interface SceneDto {
  sceneId: string;
  layerId: string;
  sensor: string | null;
  acquisitionDate: string;
  resolutionM: number | null;
  cloudPct: number | null;
  tiles: string | null;
  footprint: GeoJSON;
}

export interface Feature {
  type: 'Feature';
  id: number;
  geometry: GeoJSON;
  properties: Record<string, unknown>;
}

/** An error from the server (problem details) or the network, as one readable sentence. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly title: string,
    readonly detail: string | null,
    readonly errors: Record<string, string[]> | null,
  ) {
    super(message);
  }
}

async function problem(response: Response): Promise<ApiError> {
  let title = response.statusText || `HTTP ${response.status}`;
  let detail: string | null = null;
  let errors: Record<string, string[]> | null = null;
  const text = await response.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && typeof body === 'object') {
      title = body.title ?? title;
      detail = body.detail ?? null;
      errors = body.errors ?? null;
    }
  } catch {
    detail = text && text.length < 300 ? text : null;
  }
  const parts = [title];
  if (detail) parts.push(detail);
  if (errors) {
    for (const [field, messages] of Object.entries(errors)) parts.push(`${field}: ${messages.join('; ')}`);
  }
  return new ApiError(`${parts.join(' — ')} (HTTP ${response.status})`, response.status, title, detail, errors);
}

async function request<T>(method: string, url: string, body?: unknown, signal?: AbortSignal): Promise<T> {
  let response: Response;
  try {
    const headers: Record<string, string> = body === undefined ? { Accept: 'application/json' } : { Accept: 'application/json', 'Content-Type': 'application/json' };
    const bearer = token();
    if (bearer) headers.Authorization = `Bearer ${bearer}`;
    response = await fetch(url, {
      method,
      signal,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(`${(e as Error).message} (${url})`, 0, 'Network error', null, null);
  }
  if (response.status === 401 && token()) signOut();
  if (!response.ok) throw await problem(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  layers: () => request<LayerDto[]>('GET', 'api/layers'),
  feature: (layerId: string, fid: number) =>
    request<Feature>('GET', `api/layers/${encodeURIComponent(layerId)}/features/${fid}`),
  features: (layerId: string, limit: number) =>
    request<{ features: Feature[] }>('GET', `api/layers/${encodeURIComponent(layerId)}/features?limit=${limit}`),
  async petitions(maxPages = 10): Promise<PetitionDto[]> {
    const all: PetitionDto[] = [];
    let url: string | null = 'api/petitions?limit=500';
    for (let page = 0; url && page < maxPages; page++) {
      const body: { items: PetitionDto[]; next: string | null } = await request('GET', url);
      all.push(...body.items);
      url = body.next ? body.next.replace(/^\//, '') : null;
    }
    return all;
  },
  petition: (id: number) => request<PetitionDto>('GET', `api/petitions/${id}`),
  verifications: (id: number) => request<StoredVerification[]>('GET', `api/petitions/${id}/verifications`),
  verify: (id: number) => request<StoredVerification>('POST', `api/petitions/${id}/verifications`, {}),
  verifyAdHoc: (body: { geometry: GeoJSON; crs: string; accuracy: string; claimType: string }) =>
    request<VerificationResult>('POST', 'api/verify', body),
  scenes: () => request<{ count: number; scenes: SceneDto[] }>('GET', 'api/imagery/scenes'),
  pair: (geometry: GeoJSON, date: string) =>
    request<{ date: string; before: SceneDto | null; after: SceneDto | null }>(
      'GET',
      `api/imagery/pair?geometry=${encodeURIComponent(JSON.stringify(geometry))}&date=${date}`,
    ),
  config: () => request<{ tiandituKey: string | null }>('GET', 'api/viewer/config'),
  evidence: async (id: number) => (await request<{ items: AttachmentDto[] }>('GET', `api/petitions/${id}/evidence`)).items,
  chain: (id: number) => request<ChainCheckDto>('GET', `api/petitions/${id}/evidence/verify`),
};

/**
 * Downloads a file that needs the bearer token (a plain link would be sent without it): fetched,
 * then saved under the server's file name from Content-Disposition.
 */
export async function download(url: string, fallbackName: string): Promise<void> {
  const file = await fetchBlob(url);
  const blobUrl = URL.createObjectURL(file.blob);
  const a = document.createElement('a');
  a.href = blobUrl;
  a.download = file.name || fallbackName;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(blobUrl), 60_000);
}

/** Fetches a file with the bearer token; its name from Content-Disposition (empty when none). */
export async function fetchBlob(url: string): Promise<{ blob: Blob; name: string }> {
  const bearer = token();
  const response = await fetch(url, { headers: bearer ? { Accept: '*/*', Authorization: `Bearer ${bearer}` } : { Accept: '*/*' } });
  if (response.status === 401 && bearer) signOut();
  if (!response.ok) throw await problem(response);
  const disposition = response.headers.get('Content-Disposition') ?? '';
  const encoded = /filename\*=UTF-8''([^;]+)/i.exec(disposition)?.[1];
  const plain = /filename="?([^";]+)"?/i.exec(disposition)?.[1];
  return { blob: await response.blob(), name: encoded ? decodeURIComponent(encoded) : (plain ?? '') };
}
