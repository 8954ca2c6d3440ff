// The public headers must compile as C++ (extern "C", no C-only syntax) and
// link: a C++ service includes them as they are installed.
#include "verbatim/verbatim.h"

#include <cstring>

int main() {
  vb_error err;
  vb_error_clear(&err);
  if (vb_version() != VB_VERSION_NUMBER) return 1;
  return std::strcmp(vb_strerror(VB_OK), "ok") == 0 ? 0 : 1;
}
