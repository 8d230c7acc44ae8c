"""Writes the small .npy files that NpyTest reads: reference files produced by NumPy itself.

Run from this folder:  python3 generate.py   (written with NumPy 2.4; any NumPy >= 1.17 gives the same bytes
except that versions before 1.23 leave no growth padding in the header).
"""
import numpy as np
from numpy.lib import format as npy_format

c_order = np.array([[0.0, 0.5, -1.25], [3.0, 1e-3, 65504.0]], dtype="<f4")

np.save("float32_2x3.npy", c_order)
np.save("float32_scalar.npy", np.float32(2.5))
np.save("float32_empty_0x4.npy", np.zeros((0, 4), dtype="<f4"))
np.save("float64_2x3.npy", c_order.astype("<f8"))
np.save("float32_bigendian_2x3.npy", c_order.astype(">f4"))
np.save("float32_fortran_2x3.npy", np.asfortranarray(c_order))
np.save("int64_labels.npy", np.array([0, 3, 1, 2147483647, -5], dtype="<i8"))
np.save("int32_ids.npy", np.array([7, 0, 42], dtype="<i4"))
for version in [(2, 0), (3, 0)]:
    with open(f"float32_2x3_v{version[0]}.npy", "wb") as f:
        npy_format.write_array(f, c_order, version=version)
