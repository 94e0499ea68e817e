"""vn_egov: interoperability for Vietnamese e-government systems.

Sub-packages are imported on demand so that ``import vn_egov`` stays fast:

* :mod:`vn_egov.edoc` - edXML document and status packages (QCVN 102:2016/BTTTT)
* :mod:`vn_egov.signature` - XML-DSig signing and verification
* :mod:`vn_egov.units` - agency identifiers and administrative-unit codes
* :mod:`vn_egov.services` - public-service catalogues, dossiers and deadlines
* :mod:`vn_egov.validation` - layered validation with stable rule ids

>>> import vn_egov
>>> vn_egov.__version__ == vn_egov._version.__version__
True
"""

from vn_egov._version import __version__

__all__ = ["__version__"]
