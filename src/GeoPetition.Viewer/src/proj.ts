// CGCS2000 coordinate systems registered with proj4 and OpenLayers.
//
// EPSG:4490 is CGCS2000 lon/lat; it agrees with WGS 84 to centimetres, so the map (EPSG:3857) and
// OpenLayers' EPSG:4326 helpers are used for it. Gauss–Krüger zones on the CGCS2000 ellipsoid
// (GRS80 parameters, as the EPSG definitions use):
//   3° zones 25–45 (central meridian 3·zone): EPSG:4513–4533 with the zone prefix in the easting
//   (false easting zone·10⁶ + 500 000 m), EPSG:4534–4554 without (false easting 500 000 m);
//   6° zones 13–23 (central meridian 6·zone − 3): EPSG:4491–4501 with prefix, 4502–4512 without.
// EPSG defines these with northing first; here (as in GeoJSON and the server) x = easting, y = northing.

import proj4 from 'proj4';
import { register } from 'ol/proj/proj4';
import { transform } from 'ol/proj';

export interface GkSystem {
  epsg: number;
  zone: number;
  width: 3 | 6;
  prefix: boolean;
  centralMeridian: number;
}

export const GK_SYSTEMS: GkSystem[] = [];

for (let zone = 25; zone <= 45; zone++) {
  GK_SYSTEMS.push({ epsg: 4513 + zone - 25, zone, width: 3, prefix: true, centralMeridian: zone * 3 });
  GK_SYSTEMS.push({ epsg: 4534 + zone - 25, zone, width: 3, prefix: false, centralMeridian: zone * 3 });
}
for (let zone = 13; zone <= 23; zone++) {
  GK_SYSTEMS.push({ epsg: 4491 + zone - 13, zone, width: 6, prefix: true, centralMeridian: zone * 6 - 3 });
  GK_SYSTEMS.push({ epsg: 4502 + zone - 13, zone, width: 6, prefix: false, centralMeridian: zone * 6 - 3 });
}

const registered = new Set<number>();

/**
 * Defines EPSG:4490 and registers proj4 with OpenLayers. Gauss–Krüger systems are defined when
 * first used: ol/proj/proj4's register() builds a transform for every pair of defined systems,
 * so defining all 84 up front would cost about a second at start.
 */
export function registerProjections(): void {
  proj4.defs('EPSG:4490', '+proj=longlat +ellps=GRS80 +no_defs +type=crs');
  register(proj4);
}

/** Defines one GK system with proj4 and registers it with OpenLayers (once). */
export function ensureGk(epsg: number): void {
  if (registered.has(epsg)) return;
  const s = GK_SYSTEMS.find((x) => x.epsg === epsg);
  if (!s) throw new Error(`EPSG:${epsg} is not a CGCS2000 Gauss–Krüger system`);
  const falseEasting = (s.prefix ? s.zone * 1_000_000 : 0) + 500_000;
  proj4.defs(
    `EPSG:${s.epsg}`,
    `+proj=tmerc +lat_0=0 +lon_0=${s.centralMeridian} +k=1 +x_0=${falseEasting} +y_0=0 +ellps=GRS80 +units=m +no_defs +type=crs`,
  );
  register(proj4);
  registered.add(epsg);
}

/** The 3° zone whose central meridian is nearest to lon (zones 25–45 cover China). */
export function zone3Of(lon: number): number {
  return Math.min(45, Math.max(25, Math.round(lon / 3)));
}

/** EPSG code of the 3° zone without prefix: 4534 + (zone − 25). */
export function epsgOfZone3(zone: number, prefix = false): number {
  return (prefix ? 4513 : 4534) + zone - 25;
}

/** lon/lat (EPSG:4490) → [easting, northing] in the given GK system. */
export function toGk(lon: number, lat: number, epsg: number): [number, number] {
  ensureGk(epsg);
  const [x, y] = transform([lon, lat], 'EPSG:4490', `EPSG:${epsg}`);
  return [x, y];
}

/** [easting, northing] in a GK system → lon/lat (EPSG:4490). */
export function fromGk(easting: number, northing: number, epsg: number): [number, number] {
  ensureGk(epsg);
  const [lon, lat] = transform([easting, northing], `EPSG:${epsg}`, 'EPSG:4490');
  return [lon, lat];
}

// ---- GCJ-02 (for the preview only: the server converts pasted GCJ-02 coordinates exactly) ------

const A = 6378245.0;
const EE = 0.00669342162296594323;

function tLat(x: number, y: number): number {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function tLon(x: number, y: number): number {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

function wgsToGcj(lon: number, lat: number): [number, number] {
  const radLat = (lat / 180) * Math.PI;
  let magic = Math.sin(radLat);
  magic = 1 - EE * magic * magic;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (tLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sqrtMagic)) * Math.PI);
  const dLon = (tLon(lon - 105, lat - 35) * 180) / ((A / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** GCJ-02 → WGS 84/CGCS2000 by fixed-point iteration (centimetres after a few steps). */
export function gcjToCgcs(lon: number, lat: number): [number, number] {
  let x = lon;
  let y = lat;
  for (let i = 0; i < 6; i++) {
    const [gx, gy] = wgsToGcj(x, y);
    x += lon - gx;
    y += lat - gy;
  }
  return [x, y];
}

/** BD-09 → GCJ-02 → CGCS2000 (preview only). */
export function bdToCgcs(lon: number, lat: number): [number, number] {
  const xPi = (Math.PI * 3000.0) / 180.0;
  const x = lon - 0.0065;
  const y = lat - 0.006;
  const z = Math.sqrt(x * x + y * y) - 0.00002 * Math.sin(y * xPi);
  const theta = Math.atan2(y, x) - 0.000003 * Math.cos(x * xPi);
  return gcjToCgcs(z * Math.cos(theta), z * Math.sin(theta));
}
