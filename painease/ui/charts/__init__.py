"""The Insights charts (pyqtgraph). Importing any module here loads pyqtgraph and numpy.

So only the Insights page (when it is first shown) and the therapist report import this
package, always from inside a function: the main window never loads it at start-up.

* ``base``: ``Chart`` — colours from the theme, hover values, export to PNG/SVG.
* ``shift``: before → after for pain and fear over the last sessions (dumbbells).
* ``trend``: pain and fear per day (or week) on a date axis, with the rolling mean.
* ``link``: fear change against pain change, with the fitted line, r and n.
* ``session``: one session's live ratings over its timeline, phases as labelled bands.
"""
