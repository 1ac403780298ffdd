/**
 * Place names that stay on the map. A name that would run off the map's right edge is
 * written to the left of its symbol instead, and one that fits neither side wraps narrower
 * on the roomier side (static/css/map.css breaks a word longer than the room), so no place
 * is cut to "Huacahuasija…" at the edge of a 360 px phone. Run after every move and zoom.
 */

/** `map`: the Leaflet map; `icons`: the markers' elements (each holds one `.map-wp` label).
 * Reads every size first, then writes: one layout, whatever the number of places. */
export function placeNames(map, icons) {
  const width = map.getSize().x;
  const edge = map.getContainer().getBoundingClientRect().left;
  const labels = icons.map((icon) => icon?.firstElementChild).filter(Boolean);
  const names = labels.map((label) => label.querySelector('.map-wp-name'));
  labels.forEach((label, i) => {
    label.classList.remove('map-wp-left');
    names[i].style.maxWidth = '';
  });
  const rooms = labels.map((label, i) => {
    const name = names[i].offsetWidth;
    const left = label.parentElement.getBoundingClientRect().left - edge;
    const rest = label.offsetWidth - name; // the 28 px symbol and the "+N"
    return { name, right: width - 4 - left - rest, left: left + 28 - 4 - rest };
  });
  labels.forEach((label, i) => {
    const { name, right, left } = rooms[i];
    if (!name || name <= right) return;
    const flip = name <= left || left > right;
    label.classList.toggle('map-wp-left', flip);
    const room = flip ? left : right;
    if (name > room) names[i].style.maxWidth = `${Math.max(64, room)}px`;
  });
}
