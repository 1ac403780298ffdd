"""The map of a trek: its pages, the organiser's offline base map (one PMTiles archive per
trek under instance/basemaps/) and the ``import-basemap`` command."""
