"""Defences around signing in: throttling (django-axes), two-factor admin (django-otp).

The settings that switch them on live together in memorial/settings/base.py under
"Security"; the content security policy is there too.
"""
