// Just enough XML for S3's responses (error documents, ListObjectsV2): text of the first
// element with a given tag, and the bodies of repeated elements. No attributes, namespaces
// or CDATA are interpreted; the five predefined entities and numeric references are decoded.
// Internal header of the aws module.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace mg::aws {

// Decoded text of the first <tag>...</tag> in xml ("" when absent).
std::string XmlText(std::string_view xml, std::string_view tag);
// Raw inner text of every <tag>...</tag> at any depth, in order.
std::vector<std::string_view> XmlElements(std::string_view xml, std::string_view tag);
std::string XmlUnescape(std::string_view s);

}  // namespace mg::aws
