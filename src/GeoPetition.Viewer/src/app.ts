// Shared state of the viewer. Modules read it and call the hooks; main.ts wires the hooks.

import type { LayerDto, PetitionDto, SceneDto } from './api';

export const state = {
  catalog: [] as LayerDto[],
  catalogById: {} as Record<string, LayerDto>,
  scenes: [] as SceneDto[],
  sceneId: null as string | null,
  petitions: [] as PetitionDto[],
  petitionsById: {} as Record<number, PetitionDto>,
  selectedPetition: null as number | null,
  /** True once the first URL state has been applied (before that, view changes do not rewrite it). */
  ready: false,
};

export const hooks = {
  updateUrl: (): void => {},
  selectPetition: (_id: number | null, _zoom: boolean): void => {},
  refreshPetitionMarkers: (): void => {},
  startCompare: (_before: SceneDto, _after: SceneDto): void => {},
  setScene: (_sceneId: string | null): void => {},
};

/** Catalog title of a layer in the current language. */
export function fieldTitles(layerId: string): Record<string, { zh: string; en: string }> {
  const layer = state.catalogById[layerId];
  const titles: Record<string, { zh: string; en: string }> = {};
  for (const f of layer?.fields ?? []) titles[f.name] = { zh: f.titleZh, en: f.titleEn };
  return titles;
}

export function sortedScenes(): SceneDto[] {
  return [...state.scenes].sort((a, b) => a.acquisitionDate.localeCompare(b.acquisitionDate) || a.sceneId.localeCompare(b.sceneId));
}
