"""The production application, with the uploaded media served beside it, for `make audit` only.

In production the proxy in front serves /media/ (deploy/); gunicorn alone does not, and Lighthouse would
count each missing picture as an error. WhiteNoise serves the folder here, reading it afresh on each
request, since renditions are made while the audit runs.
"""

import os

from whitenoise import WhiteNoise

from website.wsgi import application as site

application = WhiteNoise(site, root=os.environ["MEDIA_ROOT"], prefix="/media/", autorefresh=True)
