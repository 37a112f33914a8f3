// The map: WebMercatorQuad view, dated imagery scenes, the catalog's vector layers (MVT vector
// tiles for large layers, GeoJSON for small ones), petition markers and the overlay layers.

import OlMap from 'ol/Map';
import View from 'ol/View';
import TileLayer from 'ol/layer/Tile';
import VectorLayer from 'ol/layer/Vector';
import VectorTileLayer from 'ol/layer/VectorTile';
import VectorSource from 'ol/source/Vector';
import VectorTileSource from 'ol/source/VectorTile';
import XYZ from 'ol/source/XYZ';
import TileGrid from 'ol/tilegrid/TileGrid';
import { createXYZ } from 'ol/tilegrid';
import { getCenter, getTopLeft } from 'ol/extent';
import MVT from 'ol/format/MVT';
import GeoJSONFormat from 'ol/format/GeoJSON';
import { defaults as defaultControls, ScaleLine } from 'ol/control';
import { fromLonLat, transformExtent } from 'ol/proj';
import type { Extent } from 'ol/extent';
import type BaseLayer from 'ol/layer/Base';
import type { LayerDto, SceneDto, GeoJSON as GeoJSONGeometry } from './api';
import { layerStyle, highlightStyle, petitionAreaStyle, drawnStyle, measureStyle } from './styles';
import type Geometry from 'ol/geom/Geometry';

/** Layers with more features than this are drawn from vector tiles; smaller ones load once as GeoJSON. */
export const VECTOR_TILE_THRESHOLD = 1500;

/** Vector tiles are full detail from this zoom on (server FullDetailZoom); higher zooms overzoom them. */
export const VECTOR_TILE_MAX_ZOOM = 14;

export const geojson = new GeoJSONFormat({ dataProjection: 'EPSG:4326', featureProjection: 'EPSG:3857' });

export function readGeometry(g: GeoJSONGeometry): Geometry {
  return geojson.readGeometry(g) as Geometry;
}

export function lonLatExtent(extent: number[]): Extent {
  return transformExtent(extent as Extent, 'EPSG:4326', 'EPSG:3857');
}

export const map = new OlMap({
  target: undefined,
  view: new View({ center: fromLonLat([104.5, 30.5]), zoom: 8, maxZoom: 21, constrainResolution: false }),
  controls: defaultControls({ attribution: false, rotate: false }).extend([
    new ScaleLine({ bar: true, steps: 4, text: true, minWidth: 140, className: 'ol-scale-bar' }),
  ]),
});

/** Tianditu imagery + annotation (only when a key is configured). */
export const tiandituLayer = new TileLayer({ visible: false, zIndex: 0, properties: { id: '__tianditu' } });

/** The selected imagery scene. */
export const imageryLayer = new TileLayer({ zIndex: 1, properties: { id: '__imagery' } });

/** Vector layers of the catalog by layer id. */
export const catalogLayers: Record<string, VectorTileLayer | VectorLayer> = {};

export const petitionSource = new VectorSource();
export const petitionLayer = new VectorLayer({
  source: petitionSource,
  zIndex: 60,
  properties: { id: '__petitions' },
});

export const petitionAreaLayer = new VectorLayer({
  source: new VectorSource(),
  zIndex: 55,
  style: petitionAreaStyle,
});

export const highlightLayer = new VectorLayer({ source: new VectorSource(), zIndex: 70, style: highlightStyle });
export const drawnLayer = new VectorLayer({ source: new VectorSource(), zIndex: 65, style: drawnStyle });
export const measureLayer = new VectorLayer({ source: new VectorSource(), zIndex: 66, style: measureStyle });

map.addLayer(tiandituLayer);
map.addLayer(imageryLayer);
map.addLayer(petitionAreaLayer);
map.addLayer(petitionLayer);
map.addLayer(drawnLayer);
map.addLayer(measureLayer);
map.addLayer(highlightLayer);

export function mount(target: HTMLElement): void {
  map.setTarget(target);
}

/** The deepest zoom found to have tiles, per scene, when the catalog does not say (see sceneSource). */
const zoomCaps = new Map<string, number>();
const capListeners: Array<(sceneId: string) => void> = [];

/** Called when a scene turns out to have no tiles beyond some zoom: its layers are rebuilt with the cap. */
export function onSceneZoomCap(listener: (sceneId: string) => void): void {
  capListeners.push(listener);
}

/**
 * XYZ source of a scene. Its tile grid keeps the WebMercatorQuad origin and resolutions but is
 * limited to the scene's footprint and its zoom levels, so that no tile outside the scene is
 * requested and deeper zooms enlarge the deepest tiles. The scene catalog may give minZoom and
 * maxZoom; without them the deepest zoom is found once per scene and page: the first failed tile
 * at a zoom that has not loaded any tile yet triggers a probe of the tile at the footprint's centre,
 * and if that is missing too, of the centre tiles of the zooms above, one by one; the scene is
 * capped at the deepest one found (a missing tile at the footprint's edge does not cap it).
 */
export function sceneSource(scene: SceneDto): XYZ | null {
  if (!scene.tiles) return null;
  const s = scene as SceneDto & { minZoom?: number; maxZoom?: number };
  const minZoom = s.minZoom ?? 0;
  const maxZoom = Math.min(s.maxZoom ?? 18, zoomCaps.get(scene.sceneId) ?? 99);
  const world = createXYZ({ maxZoom });
  const worldExtent = world.getExtent()!;
  const footprint = sceneExtent(scene);
  const tileGrid = new TileGrid({
    origin: getTopLeft(worldExtent),
    resolutions: world.getResolutions(),
    extent: footprint ?? worldExtent,
    minZoom,
    tileSize: 256,
  });
  const source = new XYZ({ url: scene.tiles, tileGrid, transition: 150, interpolate: true });
  if (s.maxZoom === undefined && footprint) {
    const loaded = new Set<number>();
    const probed = new Set<number>();
    source.on('tileloadend', (e) => loaded.add(e.tile.getTileCoord()[0]));
    source.on('tileloaderror', (e) => {
      const z = e.tile.getTileCoord()[0];
      if (loaded.has(z) || probed.has(z) || z <= minZoom) return;
      probed.add(z);
      // Is the tile at the footprint's centre there? If not, find the deepest zoom that has it,
      // going up one zoom at a time, and cap the scene there.
      const probe = (zoom: number) =>
        new Promise<boolean>((resolve) => {
          const c = tileGrid.getTileCoordForCoordAndZ(getCenter(footprint), zoom);
          const img = new Image();
          img.onload = () => resolve(true);
          img.onerror = () => resolve(false);
          img.src = scene.tiles!.replace('{z}', String(c[0])).replace('{x}', String(c[1])).replace('{y}', String(c[2]));
        });
      void probe(z).then(async (present) => {
        if (present) {
          loaded.add(z);
          return;
        }
        let deepest = z - 1;
        while (deepest > minZoom && !(await probe(deepest))) deepest--;
        if ((zoomCaps.get(scene.sceneId) ?? 99) <= deepest) return;
        zoomCaps.set(scene.sceneId, deepest);
        capListeners.forEach((l) => l(scene.sceneId));
      });
    });
  }
  return source;
}

export function sceneExtent(scene: SceneDto): Extent | undefined {
  try {
    return readGeometry(scene.footprint).getExtent();
  } catch {
    return undefined;
  }
}

export function showScene(scene: SceneDto | null): void {
  if (!scene) {
    imageryLayer.setSource(null);
    return;
  }
  imageryLayer.setSource(sceneSource(scene));
  imageryLayer.setExtent(sceneExtent(scene));
  imageryLayer.set('sceneId', scene.sceneId);
}

export function setTianditu(key: string): void {
  const url = `https://t{0-7}.tianditu.gov.cn/img_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=img&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`;
  tiandituLayer.setSource(new XYZ({ url, maxZoom: 18, crossOrigin: 'anonymous' }));
}

/** Builds the map layer of one catalog layer (not added yet). */
export function createCatalogLayer(layer: LayerDto, zIndex: number, visible: boolean): VectorTileLayer | VectorLayer {
  const style = layerStyle(layer.kind);
  const extent = layer.extent ? lonLatExtent(layer.extent) : undefined;
  const properties = { id: layer.id, layerId: layer.id, kind: layer.kind, catalog: true };
  let result: VectorTileLayer | VectorLayer;
  if (layer.featureCount > VECTOR_TILE_THRESHOLD) {
    result = new VectorTileLayer({
      source: new VectorTileSource({
        format: new MVT(),
        url: `tiles/${encodeURIComponent(layer.id)}/{z}/{x}/{y}.mvt`,
        maxZoom: VECTOR_TILE_MAX_ZOOM,
        transition: 0,
      }),
      style,
      extent,
      zIndex,
      visible,
      declutter: layer.kind === 'Jurisdiction',
      renderBuffer: 40,
      properties: { ...properties, vectorTiles: true },
    });
  } else {
    const source = new VectorSource({
      format: geojson,
      url: `api/layers/${encodeURIComponent(layer.id)}/features?limit=${Math.max(1, Math.min(10000, layer.featureCount + 1))}`,
    });
    result = new VectorLayer({
      source,
      style,
      extent,
      zIndex,
      visible,
      declutter: layer.kind === 'Jurisdiction',
      properties: { ...properties, vectorTiles: false },
    });
  }
  return result;
}

export function addCatalogLayer(id: string, layer: VectorTileLayer | VectorLayer): void {
  catalogLayers[id] = layer;
  map.addLayer(layer);
}

export function findLayer(id: string): BaseLayer | undefined {
  return map
    .getLayers()
    .getArray()
    .find((l) => l.get('id') === id);
}

export function fitExtent(extent: Extent, maxZoom = 17, duration = 0): void {
  const size = map.getSize();
  map.getView().fit(extent, { padding: [40, 40, 40, 40], maxZoom, duration, size: size ?? [1000, 700] });
}
