"""Every uploaded file (images, renditions, recordings, documents, release forms) is served
by the app after a permission check; MEDIA_ROOT is never exposed by URL.

visibility.py decides who may fetch a file, responses.py and ranges.py answer with it,
views.py and urls.py tie them to addresses, admin_urls.py serves signed release forms.
A recording is stored without the place it was made (recordings.py, recording_locations.py).
"""
