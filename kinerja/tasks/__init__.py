"""What each person must do now and next: ``tasks_for(user, today)`` (``kinerja.tasks.inbox``),
read by the "Tugas saya" page, the landing page and the reminders (``kinerja.notifications``)."""
