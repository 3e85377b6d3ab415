"""Writing an Insights chart to a file or an image: PNG or SVG, whole or not at all.

``Exportable`` is mixed into ``Chart`` (base.py), whose ``item`` (the plot item), ``plot``
(its view), ``colours`` and ``title`` it draws from.

Main thread only.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QRectF
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QGraphicsItem

from painease.files import refuse_own_data, write_atomically

EXPORT_KINDS = (".png", ".svg")


class Exportable:
    """``save(path)`` and ``image(width)`` for a ``Chart``."""

    def save(self, path: str | Path, width: int = 1600) -> Path:
        """Write the chart to ``path``: PNG (``width`` pixels wide) or SVG, by extension,
        whole or not at all (drawn in memory, then ``write_atomically``).

        ``ValueError`` for any other extension; ``OSError`` if the file cannot be written,
        ``OwnData`` (an ``OSError``) when it is, or leads to, painease's own data.
        """
        path = Path(path)
        kind = path.suffix.lower()
        if kind not in EXPORT_KINDS:
            raise ValueError(f"a chart is saved as .png or .svg, not {path.suffix or 'a file'}"
                             " without an extension")
        refuse_own_data(path)  # before drawing: said at once
        buffer = QBuffer()
        buffer.open(QBuffer.OpenModeFlag.WriteOnly)
        drawn = (self.image(width).save(buffer, "PNG") if kind == ".png"
                 else self._write_svg(buffer))
        data = bytes(buffer.data())
        if not drawn or not data:
            raise OSError(f"cannot write {path}")
        write_atomically(path, data)
        return path

    def _write_svg(self, device: QBuffer) -> bool:
        # Qt's own SVG generator over the plot's scene: vector paths and real text.
        # (pyqtgraph's SVGExporter cannot parse the paths this Qt version writes.)
        source = self.item.sceneBoundingRect()
        size = QRectF(0, 0, source.width(), source.height())
        generator = QSvgGenerator()
        generator.setOutputDevice(device)
        generator.setSize(size.size().toSize())
        generator.setViewBox(size)
        generator.setTitle(self.title)
        generator.setDescription(self.accessibleDescription())
        return self._render(generator, size)

    def image(self, width: int = 1600) -> QImage:
        """The chart drawn into an image ``width`` pixels wide (height in proportion),
        everything scaled alike (text, legend, markers)."""
        source = self.item.sceneBoundingRect()
        height = max(1, round(width * source.height() / max(source.width(), 1)))
        image = QImage(int(width), height, QImage.Format.Format_ARGB32)
        self._render(image, QRectF(0, 0, width, height))
        return image

    def _render(self, device, target: QRectF) -> bool:
        """Paint the plot item's part of the scene into ``target`` on ``device``."""
        # Cached items and pyqtgraph's symbol atlas would be pasted in as bitmaps; export
        # mode makes them draw vectors (and so scale cleanly).
        items = self.plot.scene().items()
        cached = [(item, item.cacheMode()) for item in items]
        for item, _ in cached:
            item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
            if hasattr(item, "setExportMode"):
                item.setExportMode(True, {"antialias": True})
        painter = QPainter()
        if not painter.begin(device):
            return False
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.fillRect(target, QColor(self.colours.background))
            self.plot.scene().render(painter, target, self.item.sceneBoundingRect())
        finally:
            painter.end()
            for item, mode in cached:
                item.setCacheMode(mode)
                if hasattr(item, "setExportMode"):
                    item.setExportMode(False)
        return True
