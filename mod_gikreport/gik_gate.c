typedef int gik_placeholder_gik_gate;
