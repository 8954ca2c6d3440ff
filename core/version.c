#include "verbatim/version.h"

int vb_version(void) { return VB_VERSION_NUMBER; }

const char *vb_version_string(void) { return VB_VERSION_STRING; }
