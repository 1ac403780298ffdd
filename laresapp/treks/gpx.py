"""GPX import and export for the app: the one path from uploaded bytes to stored rows.

The command line (``flask import-gpx``) and the organiser's upload page both call
:func:`import_gpx`, so a file that one accepts the other accepts too, with the same
words when it refuses. Why it is shaped this way:

* **All or nothing.** Reading, checking and building the trek happen before anything
  touches the database; storing happens in the caller's session and is committed only
  at the very end. Any refusal or failure rolls back, so a half-imported trek (a trek
  row without its stages, stages without their waypoints) can never be served.
* **No silent overwrite.** A new trek whose id is taken is refused; replacing a trek is
  an explicit choice (``--replace SLUG`` / the "replace" select). Replacing keeps the
  trek's row and id, so trips that point at it keep working, and merges the recording
  into the existing trek's words and stages (:func:`~laresapp.core.gpx.merge.merge_recorded`).
* **One way through.** :func:`import_gpx` runs the pipeline in order, each step once:
  ``read_gpx`` (decode → safety check → read, :mod:`laresapp.core.gpx.read`) →
  :func:`build_doc` (to-trek, and merge when replacing) → ``store_trek``. The
  :class:`~laresapp.core.track.snap.TrackLine` measured while building travels with the
  document into storage, so the track's distances and search index are built once.
* **Origin "imported"** on everything stored here, so that start-up never overwrites an
  organiser's recording of a bundled trek with the bundled sketch again.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import PurePath

from sqlalchemy.exc import IntegrityError

from laresapp.core.errors import RouteError
from laresapp.core.gpx.merge import merge_recorded
from laresapp.core.gpx.read import MAX_BYTES_DEFAULT, ElevationKind, ParsedGpx, read_gpx
from laresapp.core.gpx.to_trek import build_trek
from laresapp.core.gpx.write import trek_to_gpx
from laresapp.core.message import Metres, Msg, Tenths
from laresapp.core.names import first_slug, is_slug
from laresapp.core.track.snap import TrackLine
from laresapp.core.trek_doc import TrekDoc, parse_trek_doc
from laresapp.extensions import db
from laresapp.treks.models import Trek
from laresapp.treks.store import store_trek

FAR_WAYPOINT_M = 200.0
"""A waypoint further than this from the line is kept but flagged (and counted)."""

ELEVATION_WORDS: dict[ElevationKind, str] = {
    "full": Msg("every point has an elevation (smoothed over ±100 m for climbs)"),
    "partial": Msg("some points have no elevation: climbs are incomplete"),
    "none": Msg("the file has no elevations: climbs and times ignore height"),
    "all-zero": Msg("the file's elevations are all 0 (none recorded), so they were dropped"),
}


@dataclass(frozen=True)
class ImportResult:
    """What was stored, in the numbers an organiser checks before telling hikers."""

    slug: str
    name: str
    replaced: bool
    data_quality: str
    stages: int
    length_m: float
    ascent_m: float | None
    waypoints: int
    far_waypoints: int
    elevation_note: str

    def summary(self) -> Msg:
        """One paragraph in plain words, for the terminal and the upload page (said there)."""
        ascent = Msg("+%(m)s", m=Metres(self.ascent_m)) if self.ascent_m is not None else Msg("climb unknown")
        far = (
            Msg(
                " (%(count)s more than %(limit)s from the track)",
                count=self.far_waypoints,
                limit=Metres(FAR_WAYPOINT_M),
            )
            if self.far_waypoints
            else ""
        )
        values = {
            "name": self.name,
            "slug": self.slug,
            "stages": self.stages,
            "km": Tenths(self.length_m / 1000),
            "ascent": ascent,
            "waypoints": self.waypoints,
            "far": far,
            "quality": Msg(self.data_quality),
            "elevation": self.elevation_note,
        }
        if self.replaced:
            return Msg(
                "Replaced the line of '%(name)s' (%(slug)s): %(stages)s stage(s), %(km)s km, %(ascent)s, "
                "%(waypoints)s waypoint(s)%(far)s; %(quality)s; elevation: %(elevation)s.",
                **values,
            )
        return Msg(
            "Imported '%(name)s' (%(slug)s): %(stages)s stage(s), %(km)s km, %(ascent)s, "
            "%(waypoints)s waypoint(s)%(far)s; %(quality)s; elevation: %(elevation)s.",
            **values,
        )


def file_stem(filename: str) -> str:
    """The name of an uploaded file without folders (browsers may send them) or .gpx."""
    name = PurePath(filename.replace("\\", "/")).name
    return re.sub(r"\.gpx$", "", name, flags=re.IGNORECASE)


def parse_split_at_km(text: str | None) -> list[float] | None:
    """ "12.9, 29" → [12.9, 29.0]; empty → None (stages from the file)."""
    if text is None or not text.strip():
        return None
    out: list[float] = []
    for part in re.split(r"[,;\s]+", text.strip()):
        if not part:
            continue
        try:
            out.append(float(part.replace("km", "")))
        except ValueError:
            raise RouteError(
                Msg(
                    "split at km: %(part)s is not a number; write kilometres separated by commas, "
                    "e.g. 12.9, 29",
                    part=repr(part),
                )
            ) from None
    return out or None


def _get_trek(slug: str) -> Trek | None:
    return db.session.scalar(db.select(Trek).where(Trek.slug == slug))


@dataclass(frozen=True)
class BuiltDoc:
    """The trek document to store, the line measured for it, and whether it replaces."""

    doc: TrekDoc
    line: TrackLine
    replaced: bool


def build_doc(
    parsed: ParsedGpx,
    *,
    filename: str = "",
    slug: str | None = None,
    name: str | None = None,
    split_at_km: list[float] | None = None,
    replace_slug: str | None = None,
) -> BuiltDoc:
    """The trek document to store (built, and merged when replacing); see :class:`BuiltDoc`."""
    name = name.strip() if name else None
    if replace_slug:
        if slug and slug != replace_slug:
            raise RouteError(
                Msg(
                    "give either a new trek id (%(slug)s) or the trek to replace (%(old)s), not both",
                    slug=slug,
                    old=replace_slug,
                )
            )
        if split_at_km:
            raise RouteError(
                Msg(
                    "split at km cannot be used when replacing a trek: the replaced trek keeps its own stages"
                )
            )
        existing = _get_trek(replace_slug)
        if existing is None:
            raise RouteError(Msg("there is no trek '%(slug)s' to replace", slug=replace_slug))
        built = build_trek(
            parsed,
            slug=existing.slug,
            name=name,
            split_at_km=split_at_km,
            max_waypoint_offset_m=FAR_WAYPOINT_M,
        )
        recorded = built.doc
        if recorded.data_quality == "sketch":
            raise RouteError(
                "this file is a sketch exported by this app, not a recording: it cannot "
                f"replace the line of '{existing.name}'"
            )
        current = parse_trek_doc(existing.document)
        merged = merge_recorded(current, recorded, line=built.line)
        merged = replace(merged, version=max(merged.version, existing.version + 1))
        if name:
            merged = replace(merged, name=name, short_name=name[:40])
        return BuiltDoc(doc=merged, line=built.line, replaced=True)

    if slug:
        if not is_slug(slug):
            raise RouteError(
                f"the trek id {slug!r} must be lower-case letters, digits and dashes, e.g. lares-2024"
            )
    else:
        slug = first_slug(name, file_stem(filename), parsed.name, default="imported-route")
    if not name and not parsed.name and not any(p.name for p in parsed.tracks):
        # Nothing in the file names the walk: the file's own name beats "Imported route".
        stem = " ".join(file_stem(filename).replace("_", " ").replace("-", " ").split())
        name = stem[:1].upper() + stem[1:] if stem else None
    taken = _get_trek(slug)
    if taken is not None:
        raise RouteError(
            Msg(
                "a trek with the id '%(slug)s' already exists ('%(name)s'): choose another "
                "id or name, or replace that trek on purpose (--replace %(slug)s)",
                slug=slug,
                name=taken.name,
            )
        )
    new = build_trek(
        parsed, slug=slug, name=name or None, split_at_km=split_at_km, max_waypoint_offset_m=FAR_WAYPOINT_M
    )
    return BuiltDoc(doc=new.doc, line=new.line, replaced=False)


def import_gpx(
    data: bytes,
    *,
    filename: str = "",
    slug: str | None = None,
    name: str | None = None,
    split_at_km: list[float] | None = None,
    replace_slug: str | None = None,
    max_bytes: int = MAX_BYTES_DEFAULT,
) -> ImportResult:
    """Read, build and store one GPX file in one transaction; raise :class:`RouteError`.

    Nothing is written unless everything succeeds: on any exception the session is
    rolled back before the exception leaves this function.
    """
    try:
        parsed = read_gpx(data, max_bytes=max_bytes)
        built = build_doc(
            parsed,
            filename=filename,
            slug=slug,
            name=name,
            split_at_km=split_at_km,
            replace_slug=replace_slug,
        )
        trek = store_trek(built.doc, origin="imported", line=built.line)
        result = ImportResult(
            slug=trek.slug,
            name=trek.name,
            replaced=built.replaced,
            data_quality=trek.data_quality,
            stages=len(trek.stages),
            length_m=trek.length_m,
            ascent_m=trek.ascent_m,
            waypoints=len(trek.waypoints),
            far_waypoints=sum(1 for w in trek.waypoints if w.offset_m > FAR_WAYPOINT_M),
            elevation_note=ELEVATION_WORDS[parsed.elevation],
        )
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise RouteError(
            "another import created a trek with the same id at the same moment: try again"
        ) from None
    except BaseException:
        db.session.rollback()
        raise
    return result


def export_gpx(trek: Trek) -> str:
    """The stored trek as GPX 1.1 text (the document it was stored from, whole)."""
    return trek_to_gpx(parse_trek_doc(trek.document))


def export_filename(trek: Trek) -> str:
    """A download name that is safe in any header and file system: ``lares-a.gpx``."""
    return f"{first_slug(trek.slug)}.gpx"
