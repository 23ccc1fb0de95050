import 'leaflet/dist/leaflet.css';
import { Box } from '@mantine/core';
import L from 'leaflet';
import { useEffect, useRef } from 'react';
import type { MapIndicator, MapItem } from './api';
import { markerColour } from './map-colours';

const TILE_ATTRIBUTION = '© les contributeurs d’OpenStreetMap';
/** Below this zoom, buildings of the same site merge into one marker. */
const SITE_GROUP_MAX_ZOOM = 12;
/** View of mainland France, shown when no building has coordinates. */
const FRANCE_CENTRE: L.LatLngTuple = [46.6, 2.4];
const FRANCE_ZOOM = 5;

type PlacedItem = MapItem & { latitude: number; longitude: number };

function isPlaced(item: MapItem): item is PlacedItem {
  return item.latitude !== null && item.longitude !== null;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * Leaflet map of buildings as circle markers coloured by the indicator. Markers are SVG, so the
 * map still shows them on its plain background when the tiles fail to load.
 */
export function LeafletMap({
  items,
  indicator,
  describe,
  siteLabel,
  onOpen,
  tileUrl,
}: {
  /** Leaflet URL template of the background tiles, from the server's map settings. */
  tileUrl: string;
  items: MapItem[];
  indicator: MapIndicator;
  /** Tooltip text of a building: its name and indicator value. */
  describe: (item: MapItem) => string;
  /** Tooltip text of a site marker grouping `count` buildings. */
  siteLabel: (siteName: string, count: number) => string;
  onOpen: (buildingId: string) => void;
}) {
  const containerRef = useRef<HTMLDivElement>(null);
  const mapRef = useRef<L.Map | null>(null);
  const layerRef = useRef<L.LayerGroup | null>(null);
  const callbacks = useRef({ describe, siteLabel, onOpen });
  callbacks.current = { describe, siteLabel, onOpen };

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { preferCanvas: false }).setView(FRANCE_CENTRE, FRANCE_ZOOM);
    L.tileLayer(tileUrl, { attribution: TILE_ATTRIBUTION, maxZoom: 19 }).addTo(map);
    mapRef.current = map;
    layerRef.current = L.layerGroup().addTo(map);
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      layerRef.current = null;
    };
  }, [tileUrl]);

  // Fits the view to the buildings whenever the list changes.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const placed = items.filter(isPlaced);
    if (placed.length === 0) return;
    const bounds = L.latLngBounds(placed.map((item) => [item.latitude, item.longitude] as L.LatLngTuple));
    map.fitBounds(bounds, { padding: [40, 40], maxZoom: 17 });
  }, [items]);

  useEffect(() => {
    const map = mapRef.current;
    const layer = layerRef.current;
    if (!map || !layer) return;
    const placed = items.filter(isPlaced);

    const draw = () => {
      layer.clearLayers();
      const grouped = map.getZoom() < SITE_GROUP_MAX_ZOOM;
      const bySite = new Map<string, PlacedItem[]>();
      for (const item of placed) bySite.set(item.siteId, [...(bySite.get(item.siteId) ?? []), item]);
      for (const buildings of bySite.values()) {
        const first = buildings[0];
        if (!first) continue;
        if (grouped && buildings.length > 1) {
          const latitude = buildings.reduce((sum, item) => sum + item.latitude, 0) / buildings.length;
          const longitude = buildings.reduce((sum, item) => sum + item.longitude, 0) / buildings.length;
          const marker = L.circleMarker([latitude, longitude], {
            radius: 14 + Math.min(10, buildings.length),
            color: '#1c7ed6',
            weight: 2,
            fillColor: '#d0ebff',
            fillOpacity: 0.9,
          });
          marker.bindTooltip(String(buildings.length), {
            permanent: true,
            direction: 'center',
            className: 'map-site-count',
          });
          marker.on('click', () => map.setView([latitude, longitude], SITE_GROUP_MAX_ZOOM));
          marker.on('mouseover', () =>
            marker.setTooltipContent(
              escapeHtml(callbacks.current.siteLabel(first.siteName, buildings.length)),
            ),
          );
          marker.on('mouseout', () => marker.setTooltipContent(String(buildings.length)));
          layer.addLayer(marker);
          continue;
        }
        for (const item of buildings) {
          const marker = L.circleMarker([item.latitude, item.longitude], {
            radius: 9,
            color: '#212529',
            weight: 1,
            fillColor: markerColour(indicator, item),
            fillOpacity: 0.95,
          });
          marker.bindTooltip(escapeHtml(callbacks.current.describe(item)));
          marker.on('click', () => callbacks.current.onOpen(item.buildingId));
          layer.addLayer(marker);
        }
      }
    };

    draw();
    map.on('zoomend', draw);
    return () => {
      map.off('zoomend', draw);
    };
  }, [items, indicator]);

  return (
    <Box
      ref={containerRef}
      h={560}
      w="100%"
      bg="gray.1"
      style={{ borderRadius: 'var(--mantine-radius-md)', zIndex: 0 }}
      data-testid="portfolio-map"
    />
  );
}
