// Importing a platform's module registers its routes with the emulator server.
import './x.js';
import './linkedin.js';
import './facebook.js';
import './instagram.js';
import './tiktok.js';
import './youtube.js';
