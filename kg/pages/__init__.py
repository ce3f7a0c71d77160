"""The offline HTML pages: the network page (``network``, with ``graphs`` choosing what to draw and
``layout`` placing it), the timeline page (``timeline``), what they share (``html``), with their
Jinja templates (``templates/``) and static files (``static/``) as package data.

May import: ``kg.core``, ``kg.store``, ``kg.corpus``, ``kg.query``, ``kg.analysis``."""
