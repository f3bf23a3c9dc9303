/* cairo's PDF surface and pango's cairo text layout: the PDF renderer's C API. */
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
