"""Matching scenes and firms: explainable ranking with a score anybody can recompute.

The pure core: ``text`` (normalising and segmenting Chinese and English), ``concepts`` (the
chain taxonomy's terms in a text), ``profile`` and ``index`` (built once), ``rank``
(``rank_firms_for_scene``, ``rank_scenes_for_firm``), ``explain`` (reasons), ``weights`` (the
published weights), ``duplicates`` (duplicate needs) and ``evaluation`` (nDCG, recall, the
BM25 baseline). ``bulk`` and ``cli`` are ``scenehub match`` on files. See docs/matching.md.
"""
