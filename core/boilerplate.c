#include "segment_internal.h"
void vb_boiler_classify(const vb_seg_view *v, vb_paragraph *para, size_t npara) {
  (void)v;
  for (size_t i = 0; i < npara; i++) para[i].boiler = VB_BOILER_NONE;
}
