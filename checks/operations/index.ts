// Section 6, Docker security operations. Sorted by key.
import { type Check } from "../../src/check-api.js";
import containerSprawl from "./container-sprawl.js";
import imageSprawl from "./image-sprawl.js";

export const operationsChecks: Check[] = [containerSprawl, imageSprawl];
