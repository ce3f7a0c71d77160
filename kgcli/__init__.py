"""The click commands of ``kg`` beyond the core ones in ``cli.py``, one module per concern.

Like ``cli.py`` they only parse options, call one ``kg`` library function and format what it returns.
"""
