"""Cadangan dan pemulihan (backup and restore): the whole database and the uploaded evidence files
in one archive (``kinerja backup``), restored into an empty database (``kinerja restore``).

* ``archive``: the archive format (a ZIP with ``manifest.json``, ``data.jsonl`` and ``media/``),
  ``BackupError``, reading and checking an archive.
* ``snapshot``: one consistent read of the database while the application runs.
* ``dump``: ``create_backup``.
* ``restore``: ``restore_backup``.
* ``cli``: the two subcommands.

Generic over the installed apps: it names no Kinerja model, so a new app is backed up without a
change here (see docs/backup.md). Nothing is imported here, so the command line can register the
subcommands before Django is set up.
"""
