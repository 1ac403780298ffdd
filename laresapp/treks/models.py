"""A trek (one route variant), its stages (days) and its waypoints.

Distances along the trek are derived from the track when the trek is stored and kept in
columns, so pages never recompute geometry. The track itself is one compact JSON column,
not a row per point: it is read whole or not at all.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from laresapp.core.local_text import LocalText, local_text
from laresapp.db_types import UTCDateTime, utcnow
from laresapp.extensions import db


class LocalTexts:
    """Every language of a row's text fields (``texts_json``, written by ``store_trek``);
    the plain columns hold the document's own language, for everything that wants one
    string. Rows stored before issue 13 have no ``texts_json``: the column is all there is."""

    texts_json: Mapped[str | None] = mapped_column(Text)

    def doc_lang(self) -> str:
        raise NotImplementedError

    def local(self, field: str) -> LocalText:
        """The field in every language it has (see :func:`laresapp.core.local_text.pick`)."""
        texts = self.__dict__.get("_texts_cache")
        if texts is None:
            texts = json.loads(self.texts_json) if self.texts_json else {}
            self.__dict__["_texts_cache"] = texts
        if field in texts:
            return local_text(texts[field], self.doc_lang())
        return local_text(getattr(self, field) or "", self.doc_lang())


class Trek(LocalTexts, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "trek"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    version: Mapped[int]
    name: Mapped[str] = mapped_column(String(200))
    short_name: Mapped[str] = mapped_column(String(80))
    summary: Mapped[str] = mapped_column(Text, default="")
    difficulty: Mapped[str] = mapped_column(String(80), default="")
    data_quality: Mapped[str] = mapped_column(String(16))  # "sketch" or "recorded"
    quality_note: Mapped[str] = mapped_column(Text, default="")
    source_name: Mapped[str] = mapped_column(String(200), default="")
    source_note: Mapped[str] = mapped_column(Text, default="")
    origin: Mapped[str] = mapped_column(String(16), default="bundled")  # bundled / imported
    lang: Mapped[str] = mapped_column(String(2), default="en", server_default="en")
    published_distance_km: Mapped[float | None]
    has_elevation: Mapped[bool] = mapped_column(default=True)
    length_m: Mapped[float]
    ascent_m: Mapped[float | None]
    descent_m: Mapped[float | None]
    high_point_m: Mapped[float | None]
    low_point_m: Mapped[float | None]
    walking_time_s: Mapped[float]
    point_count: Mapped[int]
    # The source document (docs/trek-format.md) as JSON: track, sections, gear. Deferred:
    # read on first use, so pages that list treks never load every trek's whole track.
    document_json: Mapped[str] = mapped_column(Text, deferred=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    stages: Mapped[list[Stage]] = relationship(
        back_populates="trek", order_by="Stage.number", cascade="all, delete-orphan"
    )
    waypoints: Mapped[list[Waypoint]] = relationship(
        back_populates="trek", order_by="Waypoint.position", cascade="all, delete-orphan"
    )

    @property
    def document(self) -> dict[str, Any]:
        cached = self.__dict__.get("_document_cache")
        if cached is None:
            cached = json.loads(self.document_json)
            self.__dict__["_document_cache"] = cached
        return cached  # type: ignore[no-any-return]

    def doc_lang(self) -> str:
        return self.lang or "en"

    @property
    def is_sketch(self) -> bool:
        return self.data_quality == "sketch"

    def stage(self, number: int) -> Stage | None:
        return next((s for s in self.stages if s.number == number), None)


class Stage(LocalTexts, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "stage"
    __table_args__ = (UniqueConstraint("trek_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trek_id: Mapped[int] = mapped_column(ForeignKey("trek.id", ondelete="CASCADE"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(String(200))
    summary: Mapped[str] = mapped_column(Text, default="")
    camp_notes: Mapped[str] = mapped_column(Text, default="")
    published_distance_km: Mapped[float | None]
    start_m: Mapped[float]
    end_m: Mapped[float]
    ascent_m: Mapped[float | None]
    descent_m: Mapped[float | None]
    high_point_m: Mapped[float | None]
    walking_time_s: Mapped[float]
    end_waypoint_slug: Mapped[str] = mapped_column(String(80))

    trek: Mapped[Trek] = relationship(back_populates="stages")
    waypoints: Mapped[list[Waypoint]] = relationship(back_populates="stage", order_by="Waypoint.position")

    def doc_lang(self) -> str:
        return self.trek.doc_lang()

    @property
    def distance_m(self) -> float:
        return self.end_m - self.start_m

    @property
    def end_waypoint(self) -> Waypoint | None:
        return next((w for w in self.trek.waypoints if w.slug == self.end_waypoint_slug), None)

    @property
    def start_waypoint(self) -> Waypoint | None:
        """Where the day starts: the previous stage's end, or the trek's first waypoint."""
        if self.number == 1:
            return self.trek.waypoints[0] if self.trek.waypoints else None
        prev = self.trek.stage(self.number - 1)
        return prev.end_waypoint if prev else None


class Waypoint(LocalTexts, db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "waypoint"
    __table_args__ = (UniqueConstraint("trek_id", "slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    trek_id: Mapped[int] = mapped_column(ForeignKey("trek.id", ondelete="CASCADE"), index=True)
    stage_id: Mapped[int] = mapped_column(ForeignKey("stage.id", ondelete="CASCADE"), index=True)
    position: Mapped[int]
    slug: Mapped[str] = mapped_column(String(80))
    name: Mapped[str] = mapped_column(String(200))
    type: Mapped[str] = mapped_column(String(16))
    lat: Mapped[float]
    lon: Mapped[float]
    elevation_m: Mapped[float | None]
    confidence: Mapped[str] = mapped_column(String(16), default="estimate")
    notes: Mapped[str] = mapped_column(Text, default="")
    advice: Mapped[str | None] = mapped_column(Text)
    distance_m: Mapped[float]  # along the trek from its start
    offset_m: Mapped[float]  # from the track line

    trek: Mapped[Trek] = relationship(back_populates="waypoints")
    stage: Mapped[Stage] = relationship(back_populates="waypoints")

    def doc_lang(self) -> str:
        return self.trek.doc_lang()
