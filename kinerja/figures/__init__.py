"""What counts: the one home of the rules that decide which data make an official figure.

* ``inforce``: the Renstra in force, the PK version in force and its indicator set, the targets;
* ``counting``: which realisation statuses count (official: approved, or verified too when the
  agency's policy says so; provisional: everything entered, labelled *sementara*), and how
  quarters and the year's record make the year, with its narrative and evidence;
* ``unit_year``: the engine's input for a unit-year built by those rules, and its ``Figures``;
* ``budget``: the pagu in force on a date;
* ``reviu``: whether an APIP reviu still matches the official figures;
* ``output``: ``kinerja compute``'s JSON and table.

Every page, document, command and API call asks this package; none decides on its own. The
engine (``kinerja.core``) stays pure; this package reads the interchange ``Document``, which the
database is exported into by ``kinerja.interchange.db.export_document``.
"""
