"""The numerics fingerprint of the machine that wrote the site's trained figures.

Written by `make refresh` (reproduce/refresh.py), never by hand: it is
`cpu_paths.numerics_fingerprint()` and `cpu_paths.cpu_vendor()` of the machine the refresh ran on.
Trained figures are compared to the last digit only on a machine with both the same
(cpu_paths.figures_mode()).
"""

FINGERPRINT = "e000007efa6a449a"
VENDOR = "AuthenticAMD"
