// From the safe pickle VM's object graph (pickle/graph.h) to PyValue (pyvalue.h).
//
// Contract:
//  - Nothing is imported or called: numpy arrays are decoded from the graph's data
//    (numpy.core/_core.multiarray._reconstruct + BUILD state (version, shape, dtype,
//    is_fortran, rawdata), numpy.core.numeric._frombuffer (protocol 5), joblib inline arrays,
//    numpy scalars, _codecs.encode bytes under protocol 2); dtypes from numpy.dtype(...) calls
//    and their BUILD state tuples, including structured dtypes (names + fields with offsets).
//  - Every declared shape, item size and field offset is checked against the bytes present:
//    a mismatch is Status::Input naming the array, never an out-of-bounds read.
//  - A cycle in the graph, nesting deeper than 400, persistent ids, out-of-band buffers and
//    integers beyond 64 bits are input errors.
#pragma once

#include <string>

#include "model/sklearn/pyvalue.h"
#include "pickle/graph.h"

namespace mg::model::sk {

Result<PyPtr> FromPickleGraph(const pickle::PickleGraph& g, pickle::NodeId root);

// Parses `bytes` (a pickle, or a joblib file: plain or zlib/gzip/bz2/xz/lzma-compressed) and
// converts its root object. `source` names the file in errors.
Result<PyPtr> ReadPickledValue(const std::string& bytes, const std::string& source);

}  // namespace mg::model::sk
