"""Qt widgets only. The one layer allowed to import PySide6 (and pyqtgraph, lazily)."""
