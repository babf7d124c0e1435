#ifndef SHNOR_CXLSXWRITER_SHIM_H
#define SHNOR_CXLSXWRITER_SHIM_H
#include <xlsxwriter.h>
#endif
