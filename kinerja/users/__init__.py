"""Pengguna: user and role management for unit administrators (``manage_users``), at /pengguna/."""
