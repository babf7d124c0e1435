#ifndef SHNOR_CLIBXML2_SHIM_H
#define SHNOR_CLIBXML2_SHIM_H
#include <libxml/xmlversion.h>
/* Debian's libxml2 is built with ICU; its headers would then pull in ICU's, which clash with the
   copy Foundation carries. The parser is used with UTF-8 only, through pointers: leave ICU out. */
#undef LIBXML_ICU_ENABLED
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>
#endif
