// Our outdoor style for a vector base map (MVT tiles in the trek's PMTiles archive), drawn by
// protomaps-leaflet: pale paper, strong water, dark paths, brown contours and large place names
// with a white halo, so it reads in sunlight under the trek's coloured line. Layer names of the
// two common schemas are both drawn (Protomaps basemap: water, roads, places, landuse…;
// OpenMapTiles: waterway, transportation, place, mountain_peak…). The server refuses an archive
// none of whose layers is named here (laresapp/maps/basemap.py DRAWN_LAYERS: keep them together).
import { pageLang } from './i18n.js';

export const PAPER = '#f3efe4';
export const WATER = '#3f8fd2';
const GREEN = '#cfe3bd';
const PATH = '#4a2c0f';
const ROAD = '#202020';
const CONTOUR = '#9c6b3c';
const INK = '#111111';

const PATH_KINDS = new Set(['path', 'footway', 'track', 'bridleway', 'steps', 'trail']);
const kindOf = (f) => String(f.props.kind || f.props.class || f.props.highway || '');
const isPath = (_z, f) => PATH_KINDS.has(kindOf(f));
const isRoad = (_z, f) => !PATH_KINDS.has(kindOf(f));
// Every 100 m contour is drawn heavier (the "index" contours of a paper map).
const isIndexContour = (_z, f) => Number(f.props.ele ?? f.props.height ?? f.props.elevation) % 100 === 0;

/** The layers each rule draws, by schema (kept in one place for the server's check). */
export const LAYERS = {
  green: ['landcover', 'landuse', 'park', 'natural'],
  water: ['water'],
  waterway: ['waterway'],
  contour: ['contour', 'contours', 'contour_line'],
  road: ['roads', 'transportation'],
  place: ['places', 'place', 'mountain_peak'],
};

function each(names, rule) {
  return names.map((dataLayer) => ({ dataLayer, ...rule }));
}

/** paintRules, labelRules and backgroundColor for protomapsL.leafletLayer. */
export function outdoorStyle(P) {
  const paintRules = [
    ...each(LAYERS.green, { symbolizer: new P.PolygonSymbolizer({ fill: GREEN, opacity: 0.8 }) }),
    ...each(LAYERS.water, { symbolizer: new P.PolygonSymbolizer({ fill: WATER }) }),
    ...each(LAYERS.waterway, { symbolizer: new P.LineSymbolizer({ color: WATER, width: 2.5 }) }),
    ...each(LAYERS.contour, { symbolizer: new P.LineSymbolizer({ color: CONTOUR, width: 1.2, opacity: 0.8 }) }),
    ...each(LAYERS.contour, { filter: isIndexContour, symbolizer: new P.LineSymbolizer({ color: CONTOUR, width: 2.2 }) }),
    ...each(LAYERS.road, { filter: isRoad, symbolizer: new P.LineSymbolizer({ color: ROAD, width: 3 }) }),
    ...each(LAYERS.road, { filter: isPath, symbolizer: new P.LineSymbolizer({ color: PATH, width: 2.5, dash: [6, 4] }) }),
  ];
  // Place names in the page's language where the map has them, then the other, then the local one.
  const names = pageLang() === 'es' ? ['name:es', 'name:en', 'name'] : ['name:en', 'name:es', 'name'];
  const text = { labelProps: names, fill: INK, stroke: '#ffffff', width: 4, fontFamily: 'sans-serif', fontWeight: 700 };
  const labelRules = [
    ...each(LAYERS.place, { symbolizer: new P.CenteredTextSymbolizer({ ...text, fontSize: 17 }) }),
    ...each(LAYERS.waterway, { symbolizer: new P.LineLabelSymbolizer({ ...text, fill: '#0b4f8a', fontSize: 14 }) }),
  ];
  return { paintRules, labelRules, backgroundColor: PAPER };
}
