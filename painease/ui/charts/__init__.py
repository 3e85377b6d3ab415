"""The Insights page's content and charts (pyqtgraph, numpy), loaded only when needed.

Only the Insights page (when it is first shown) and the therapist report import this
package, always from inside a function: the main window never loads it at start-up.

* ``data``: ``gather`` — one period's sessions and every number and reading (no Qt).
* ``loader``: runs ``gather`` on a worker thread; the page's one door between threads.
* ``view``: ``InsightsView`` — period filter, chart cards, tables, save and report buttons.
* ``tables``: the cards of numbers under the charts (by kind of session, yardsticks).
* ``base``: ``Chart`` — colours from the theme, hover values, export to PNG/SVG.
* ``shift``: before → after for pain and fear over the last sessions (dumbbells).
* ``trend``: pain and fear per day (or week) on a date axis, with the rolling mean.
* ``link``: fear change against pain change, with the fitted line, r and n.
* ``session``: one session's live ratings over its timeline, phases as labelled bands.
"""
