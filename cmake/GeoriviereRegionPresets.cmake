# Embeds the region presets, share/georiviere/regions/*.toml, into the
# library as string literals, so that region_preset() works from an
# installed library without a data directory. The generated source is
# rebuilt whenever a preset file changes.
file(GLOB georiviere_region_presets CONFIGURE_DEPENDS
  "${PROJECT_SOURCE_DIR}/share/georiviere/regions/*.toml")
list(SORT georiviere_region_presets)
# A semicolon would split the command line, so the list travels with "|".
string(REPLACE ";" "|" georiviere_region_preset_arg
  "${georiviere_region_presets}")
set(georiviere_region_presets_source
  "${PROJECT_BINARY_DIR}/generated/region_presets_data.cpp")
add_custom_command(
  OUTPUT "${georiviere_region_presets_source}"
  COMMAND "${CMAKE_COMMAND}"
    "-DOUTPUT=${georiviere_region_presets_source}"
    "-DPRESETS=${georiviere_region_preset_arg}"
    -P "${PROJECT_SOURCE_DIR}/cmake/embed_region_presets.cmake"
  DEPENDS ${georiviere_region_presets}
    "${PROJECT_SOURCE_DIR}/cmake/embed_region_presets.cmake"
  COMMENT "Embedding region presets"
  VERBATIM)
target_sources(georiviere PRIVATE "${georiviere_region_presets_source}")
