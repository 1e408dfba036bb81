package dev.feedline.core.fleet;

/** The use cases of fleet management (issue 17): templates, fleets and IOTile OTA. */
public record FleetServices(Templates templates, Fleets fleets, Ota ota, ThingsBoardFirmware tbFirmware) {}
