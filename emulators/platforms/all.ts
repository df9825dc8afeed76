// Importing a platform's module registers its routes with the emulator server.
import './instagram.js';
