/** A real `pg_restore --list` output, shared by the unit tests of this folder. */

// Printed by pg_restore 15 --list for a PostGIS database (trailing spaces are pg_restore's).
export const LISTING = `;
; Archive created at 2026-11-25 17:15:02 UTC
;     dbname: src
;     TOC Entries: 22
;     Compression: -1
;     Dump Version: 1.14-0
;     Format: CUSTOM
;     Integer: 4 bytes
;     Offset: 8 bytes
;     Dumped from database version: 15.18 (Debian 15.18-0+deb12u1)
;     Dumped by pg_dump version: 15.18 (Debian 15.18-0+deb12u1)
;
;
; Selected TOC Entries:
;
7; 2615 17430 SCHEMA - app postgres
4267; 0 0 COMMENT - SCHEMA app postgres
8; 2615 17447 SCHEMA - odd schema postgres
2; 3079 16386 EXTENSION - postgis 
4268; 0 0 COMMENT - EXTENSION postgis 
223; 1259 17432 TABLE app pipes postgres
222; 1259 17431 SEQUENCE app pipes_id_seq postgres
4269; 0 0 SEQUENCE OWNED BY app pipes_id_seq postgres
225; 1259 17443 VIEW app v postgres
226; 1259 17448 TABLE odd schema my table postgres
224; 1259 17440 TABLE public t postgres
4103; 2604 17435 DEFAULT app pipes id postgres
4258; 0 17432 TABLE DATA app pipes postgres
4260; 0 17448 TABLE DATA odd schema my table postgres
4102; 0 16699 TABLE DATA public spatial_ref_sys postgres
4259; 0 17440 TABLE DATA public t postgres
4270; 0 0 SEQUENCE SET app pipes_id_seq postgres
4108; 2606 17439 CONSTRAINT app pipes pipes_pkey postgres
4110; 0 0 ACL - SCHEMA app postgres
`;
