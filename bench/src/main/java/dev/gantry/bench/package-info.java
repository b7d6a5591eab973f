package dev.gantry.bench;
