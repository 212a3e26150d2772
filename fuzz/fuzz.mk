# fuzz.mk - builds the libFuzzer targets into fuzz/out/.
#   make -f fuzz/fuzz.mk            (from the top of the tree, or via fuzz/run)
# The core sources are compiled here with clang and the fuzzer/sanitizer
# instrumentation, not taken from libgikcore.la (gcc, uninstrumented).
# Not part of the automake build on purpose: it needs clang and libFuzzer.
FUZZ_DIR := $(patsubst %/,%,$(dir $(lastword $(MAKEFILE_LIST))))
TOP      := $(FUZZ_DIR)/..
OUT      := $(FUZZ_DIR)/out
OBJ      := $(OUT)/obj

CC       := clang
PKGS     := apr-1 apr-util-1 libxml-2.0 libpcre2-8 jansson poppler-glib
SAN      := -fsanitize=address,undefined -fno-sanitize-recover=undefined
CFLAGS   := -g -O1 -fno-omit-frame-pointer $(SAN) -fsanitize=fuzzer-no-link \
            -Wall -Wno-unused-parameter -Wno-unused-function \
            $(shell pkg-config --cflags $(PKGS)) -I$(TOP)/filters -I$(TOP)/filters/include
LDFLAGS  := $(SAN) -fsanitize=fuzzer
LIBS     := $(shell pkg-config --libs $(PKGS))

CORE_SRC := $(wildcard $(TOP)/filters/*.c)
CORE_OBJ := $(patsubst $(TOP)/filters/%.c,$(OBJ)/%.o,$(CORE_SRC))
TARGETS  := fuzz_pipeline_html fuzz_pipeline_text fuzz_chunking fuzz_charset fuzz_bodyend fuzz_slim \
            fuzz_pipeline_pdf
BINS     := $(addprefix $(OUT)/,$(TARGETS))

all: $(BINS)

$(OBJ)/%.o: $(TOP)/filters/%.c $(wildcard $(TOP)/filters/*.h $(TOP)/filters/include/*.h)
	@mkdir -p $(OBJ)
	$(CC) $(CFLAGS) -c -o $@ $<

COMMON_OBJ := $(OBJ)/fuzz_common.o

$(COMMON_OBJ): $(FUZZ_DIR)/fuzz_common.c $(FUZZ_DIR)/fuzz_common.h
	@mkdir -p $(OBJ)
	$(CC) $(CFLAGS) -c -o $@ $<

$(OUT)/%: $(FUZZ_DIR)/%.c $(FUZZ_DIR)/fuzz_common.h $(COMMON_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -o $@ $< $(COMMON_OBJ) $(CORE_OBJ) $(LIBS)

# the same target as fuzz_pipeline_html, on input taken as plain text
# (GIK_INPUT_TEXT: PDF/Word extractions)
$(OUT)/fuzz_pipeline_text: $(FUZZ_DIR)/fuzz_pipeline_html.c $(FUZZ_DIR)/fuzz_common.h \
		$(COMMON_OBJ) $(CORE_OBJ)
	$(CC) $(CFLAGS) $(LDFLAGS) -DFUZZ_INPUT_KIND=GIK_INPUT_TEXT -o $@ $< $(COMMON_OBJ) \
		$(CORE_OBJ) $(LIBS)

clean:
	rm -rf $(OUT)/obj $(BINS)

.PHONY: all clean
.SECONDARY:
